# One image per Troupe service, JVM mode, from the module's Quarkus build output (target/quarkus-app).
# scripts/build-images.sh builds all four on the local Debian base and jlinked JRE; with a registry:
#   ./mvnw -B package -DskipTests
#   docker build -f docker/service.Dockerfile --build-arg MODULE=coordinator-service --build-arg PORT=8081 \
#     -t ghcr.io/troupe-dev/troupe-coordinator-service:0.1.0 .
# MODULE is one of coordinator-service (8081), workspace-service (8082), agent-service (8083),
# metrics-service (8084). BASE_IMAGE is any image with a Java 21+ runtime on PATH and bash.
ARG BASE_IMAGE=eclipse-temurin:21-jre
FROM ${BASE_IMAGE}

ARG MODULE
ARG PORT=8080
# Debian packages added to this image only: the local stack's workspace runs the suites' tests in
# its own container (python3 python3-pytest); on a cluster they run in sandbox Jobs instead.
ARG EXTRA_PACKAGES=""

USER root
RUN set -eu; \
    if [ -n "$EXTRA_PACKAGES" ]; then \
      apt-get update -qq; \
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $EXTRA_PACKAGES >/dev/null; \
      rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin; \
    fi; \
    getent passwd 185 >/dev/null || useradd --system --uid 185 --gid 0 --home-dir /deployments --no-create-home troupe

# Quarkus's fast-jar layout: dependencies first, so that a code change only rebuilds the last layers.
COPY --chown=185:0 ${MODULE}/target/quarkus-app/lib/ /deployments/lib/
COPY --chown=185:0 ${MODULE}/target/quarkus-app/*.jar /deployments/
COPY --chown=185:0 ${MODULE}/target/quarkus-app/app/ /deployments/app/
COPY --chown=185:0 ${MODULE}/target/quarkus-app/quarkus/ /deployments/quarkus/
COPY docker/http-health.sh /usr/local/bin/troupe-health

# Non-root; the chart and docker/compose.yaml also run it with a read-only root filesystem and a
# writable /tmp, where the embedded H2 databases go when no PostgreSQL is configured.
USER 185
WORKDIR /deployments
EXPOSE ${PORT}
ENV QUARKUS_HTTP_PORT=${PORT} \
    QUARKUS_HTTP_HOST=0.0.0.0 \
    TROUPE_DATA_DIR=/tmp/troupe-data \
    HOME=/tmp \
    JAVA_OPTS_APPEND="-XX:MaxRAMPercentage=70"
# The chart probes /q/health/started, /live and /ready itself; this is for plain Docker and compose.
HEALTHCHECK --interval=5s --timeout=3s --start-period=90s --retries=3 CMD ["troupe-health", "/q/health/ready"]
# The chart sets JAVA_OPTS_APPEND (default.javaOpts); the shell splits it into options.
ENTRYPOINT ["/bin/sh", "-c", "exec java -Djava.util.logging.manager=org.jboss.logmanager.LogManager $JAVA_OPTS_APPEND -jar /deployments/quarkus-run.jar \"$@\"", "troupe"]
