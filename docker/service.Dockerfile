# One image per Troupe service, JVM mode, from the module's Quarkus build output:
#   ./mvnw -B package -DskipTests
#   docker build -f docker/service.Dockerfile --build-arg MODULE=coordinator-service \
#     -t ghcr.io/troupe-dev/troupe-coordinator-service:0.1.0 .
# MODULE is one of coordinator-service, workspace-service, agent-service, metrics-service.
FROM registry.access.redhat.com/ubi9/openjdk-21-runtime:1.21

ARG MODULE
ENV LANGUAGE='en_US:en'

# Quarkus's fast-jar layout: dependencies first, so that a code change only rebuilds the last layers.
COPY --chown=185 ${MODULE}/target/quarkus-app/lib/ /deployments/lib/
COPY --chown=185 ${MODULE}/target/quarkus-app/*.jar /deployments/
COPY --chown=185 ${MODULE}/target/quarkus-app/app/ /deployments/app/
COPY --chown=185 ${MODULE}/target/quarkus-app/quarkus/ /deployments/quarkus/

# Non-root; the chart also runs it with a read-only root filesystem and a writable /tmp.
USER 185
EXPOSE 8081 8082 8083 8084
ENV JAVA_OPTS_APPEND="-Dquarkus.http.host=0.0.0.0 -Djava.util.logging.manager=org.jboss.logmanager.LogManager"
ENV JAVA_APP_JAR="/deployments/quarkus-run.jar"
# Kubernetes probes /q/health/live and /q/health/ready (see helm/troupe); this is for plain Docker.
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s \
  CMD curl -fsS "http://localhost:${QUARKUS_HTTP_PORT:-8080}/q/health/live" || exit 1

ENTRYPOINT ["/opt/jboss/container/java/run/run-java.sh"]
