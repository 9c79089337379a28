# The Kafka broker of Troupe's stack: the same single-node KRaft broker as troupe-broker (its main
# class, its target/lib classpath), listening on all interfaces and advertising KAFKA_ADVERTISED
# (the name other containers reach it by). Build context: troupe-broker/target.
#   docker build -f docker/kafka.Dockerfile -t troupe-kafka:0.1.0 troupe-broker/target
# BASE_IMAGE is any image with a Java 21+ runtime on PATH and bash (eclipse-temurin:21-jre, or
# apache/kafka, whose own Kafka is then unused).
ARG BASE_IMAGE=eclipse-temurin:21-jre
FROM ${BASE_IMAGE}

USER root
RUN mkdir -p /var/lib/kafka && chown 1000:0 /var/lib/kafka && chmod 0770 /var/lib/kafka
COPY lib/ /opt/troupe-broker/lib/
COPY troupe-broker.jar /opt/troupe-broker/

USER 1000
EXPOSE 9092
ENV KAFKA_ADVERTISED=localhost:9092 \
    KAFKA_PARTITIONS=16 \
    KAFKA_TOPICS="troupe.run-events,troupe.task-events,troupe.agent-events,troupe.workspace-events,troupe.agent-inbox,troupe.tasks-ready:1,troupe.agent-heartbeats" \
    JAVA_OPTS="-Xmx256m -XX:+UseSerialGC"
# Healthy once the broker has written its ready marker (after the topics exist) and its port answers.
HEALTHCHECK --interval=5s --timeout=3s --start-period=60s --retries=3 \
  CMD ["/bin/bash", "-c", "test -f /var/lib/kafka/ready && exec 3<>/dev/tcp/127.0.0.1/9092"]
ENTRYPOINT ["/bin/sh", "-c", "rm -f /var/lib/kafka/ready; exec java $JAVA_OPTS -cp '/opt/troupe-broker/troupe-broker.jar:/opt/troupe-broker/lib/*' io.troupe.broker.KafkaBrokerMain --port 9092 --controller-port 9093 --dir /var/lib/kafka --listen-host 0.0.0.0 --advertised \"$KAFKA_ADVERTISED\" --partitions \"$KAFKA_PARTITIONS\" --topics \"$KAFKA_TOPICS\" --watch-parent false --ready-file /var/lib/kafka/ready"]
