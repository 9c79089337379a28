# The image of sandboxed test runs: a cluster's sandbox Jobs (helm/troupe/templates/sandbox-job.yaml)
# and the workspace's Docker sandbox (troupe.workspace.sandbox=docker). Python 3 and pytest from
# Debian's packages, run as nobody (65534). BASE_IMAGE is any Debian-like image:
#   docker build -f docker/test-runner.Dockerfile -t ghcr.io/troupe-dev/troupe-test-runner:0.1.0 docker
ARG BASE_IMAGE=debian:bookworm-slim
FROM ${BASE_IMAGE}

USER root
RUN set -eu; \
    apt-get update -qq; \
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends python3 python3-pytest >/dev/null; \
    rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin; \
    mkdir -p /work && chown 65534:65534 /work

ENV PYTHONDONTWRITEBYTECODE=1 HOME=/tmp
WORKDIR /work
USER 65534:65534
# A test runner has no service to probe: healthy when its Python and pytest import.
HEALTHCHECK --interval=30s --timeout=10s CMD ["python3", "-c", "import pytest"]
CMD ["python3", "-m", "pytest", "-q"]
