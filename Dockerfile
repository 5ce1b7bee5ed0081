# syntax=docker/dockerfile:1
# The exporter image: builds the shaded jar with Maven, runs it on a JRE. The same image runs the
# sandbox marketplace (docker-compose.yml, service `sandbox`):
#   java -cp /opt/marketplace-exporter/marketplace-exporter.jar io.marketplaceexporter.sandbox.SandboxMain
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
# The reactor needs every module's pom; the launcher (exporter/) and the modules it shades in
# (core, relay, sandbox: docs/architecture.md) are built.
COPY pom.xml ./
COPY core/pom.xml core/
COPY relay/pom.xml relay/
COPY sandbox/pom.xml sandbox/
COPY exporter/pom.xml exporter/
COPY pack-tests/pom.xml pack-tests/
COPY core/src core/src
COPY relay/src relay/src
COPY sandbox/src sandbox/src
COPY exporter/src exporter/src
# The runbooks go into the core jar (their Verification blocks, for the verification watch).
COPY runbooks runbooks
# The tests run in CI (`mvn -B verify`); the image build only packages.
RUN mvn -B -q -pl exporter -am package -DskipTests

FROM eclipse-temurin:17-jre
# curl: docker-compose.yml's incident player and health checks; tzdata: the zoneinfo that
# docker-compose.yml hands to Alertmanager (its time interval is in Asia/Shanghai time).
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends curl tzdata \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /var/lib/marketplace-exporter exporter \
 && mkdir -p /var/lib/marketplace-exporter/data \
 && chown -R exporter /var/lib/marketplace-exporter
COPY --from=build /src/exporter/target/marketplace-exporter.jar /opt/marketplace-exporter/marketplace-exporter.jar
USER exporter
WORKDIR /var/lib/marketplace-exporter
EXPOSE 9877
ENTRYPOINT ["java", "-jar", "/opt/marketplace-exporter/marketplace-exporter.jar"]
CMD ["--web.listen-address=:9877", "--storage.path=/var/lib/marketplace-exporter/data"]
