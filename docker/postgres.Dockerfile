# PostgreSQL for Troupe's container stack and its tests, from Debian's postgresql package.
# Takes the official image's settings (POSTGRES_USER, POSTGRES_PASSWORD, POSTGRES_DB) and
# TROUPE_DATABASES (more databases to create, comma-separated). With a registry, BASE_IMAGE=postgres:15
# works unchanged: the package step is skipped where a postgres binary exists already.
ARG BASE_IMAGE=debian:bookworm-slim
FROM ${BASE_IMAGE}

USER root
RUN set -eu; \
    if ! command -v postgres >/dev/null && ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then \
      apt-get update -qq; \
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql-15 >/dev/null; \
      rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin /var/lib/postgresql/15 /etc/postgresql/15; \
      # The JIT's LLVM (~110 MB) is a hard dependency of the package but only loaded with jit=on.
      rm -f /usr/lib/x86_64-linux-gnu/libLLVM-*.so* /usr/lib/postgresql/15/lib/llvmjit*.so; \
      rm -rf /usr/lib/postgresql/15/lib/bitcode; \
    fi; \
    mkdir -p /var/lib/troupe-pg /run/postgresql; \
    chown -R postgres:postgres /var/lib/troupe-pg /run/postgresql
COPY postgres-entrypoint.sh /usr/local/bin/troupe-postgres

USER postgres
EXPOSE 5432
ENV PGDATA=/var/lib/troupe-pg/data POSTGRES_USER=postgres POSTGRES_DB=postgres
HEALTHCHECK --interval=3s --timeout=3s --start-period=60s --retries=5 \
  CMD ["/bin/sh", "-c", "test -f /var/lib/troupe-pg/ready && pg_isready -q -h 127.0.0.1 -U \"$POSTGRES_USER\" -d \"$POSTGRES_DB\""]
ENTRYPOINT ["troupe-postgres"]
