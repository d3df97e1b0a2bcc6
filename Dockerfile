# syntax=docker/dockerfile:1
# Infergate's container image: docker build -t infergate .
# Stage 1 builds the jar with the README's own build command; stage 2 runs it on a JRE as a non-root
# user through scripts/start-node, so the heap and JVM options come from conf/jvm.options
# (INFERGATE_JAVA_OPTS adds to them). See README.md, "Operations".

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml ./
COPY src ./src
# The dependencies stay in a BuildKit cache between builds, out of the image.
RUN --mount=type=cache,target=/root/.m2 mvn -B -DskipTests package

FROM eclipse-temurin:17-jre
# bash runs the scripts; curl is the health check's.
RUN apt-get update \
    && apt-get install -y --no-install-recommends bash curl \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system --gid 10001 infergate \
    && useradd --system --uid 10001 --gid infergate --home-dir /opt/infergate --no-create-home \
       --shell /usr/sbin/nologin infergate
WORKDIR /opt/infergate
COPY --from=build /src/target/infergate.jar target/infergate.jar
COPY scripts/lib.sh scripts/start-node scripts/keystore scripts/users scripts/certutil scripts/
# Only the tracked configuration: never a keystore or users file of the build machine.
COPY conf/infergate.json conf/cluster.xml conf/jvm.options conf/roles.yml conf/
RUN mkdir -p data logs run \
    && chown -R infergate:infergate conf data logs run \
    && chmod 0700 data
USER infergate
# In a container the node listens on every interface; cluster.host stays the container's own
# address, set per node (the compose file, the StatefulSet).
ENV INFERGATE_HTTP_HOST=0.0.0.0 \
    INFERGATE_EVENTS_BRIDGE_HOST=0.0.0.0
EXPOSE 9200 5701 9400
# conf holds the keystore and the file realm's users once the node has started; data the SQLite store.
VOLUME ["/opt/infergate/conf", "/opt/infergate/data"]
# scripts/start-node execs java, so the JVM is PID 1 and gets the SIGTERM of docker stop.
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
    CMD curl -fsS -o /dev/null "http://127.0.0.1:${INFERGATE_HTTP_PORT:-9200}/_infergate/ready" || exit 1
ENTRYPOINT ["/opt/infergate/scripts/start-node"]
