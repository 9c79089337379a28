# A Java runtime layer on the local Debian base: the JRE that scripts/build-images.sh makes with
# jlink from the JDK that builds Troupe, copied to /opt/java (the path eclipse-temurin uses).
# With a registry this image is not needed: build the others on eclipse-temurin:21-jre instead.
ARG BASE_IMAGE=troupe/debian-base:bookworm
FROM ${BASE_IMAGE}
COPY jre/ /opt/java/
ENV JAVA_HOME=/opt/java \
    PATH=/opt/java/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    LANG=C.UTF-8
