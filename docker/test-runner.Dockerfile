# The image of sandboxed test runs on a cluster (see helm/troupe/templates/sandbox-job.yaml):
#   docker build -f docker/test-runner.Dockerfile -t ghcr.io/troupe-dev/troupe-test-runner:0.1.0 docker
FROM python:3.12-slim

RUN pip install --no-cache-dir "pytest==8.4.2" \
 && useradd --uid 65534 --gid 65534 --no-create-home --shell /usr/sbin/nologin sandbox 2>/dev/null || true

ENV PYTHONDONTWRITEBYTECODE=1 HOME=/tmp
WORKDIR /work
USER 65534:65534
CMD ["python3", "-m", "pytest", "-q"]
