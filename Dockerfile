# cooplive container image.
#
#   docker build -t cooplive .
#   docker run -p 8080:8080 -e COOPLIVE_DB_HOST=... -e COOPLIVE_REDIS_ADDRESS=redis://...:6379 cooplive
#
# infra/compose.yaml builds and runs it next to PostgreSQL, Redis, Prometheus and Grafana;
# infra/k8s runs it on a cluster. The service reads its settings from the environment
# variables listed in README.md.

# --- build -------------------------------------------------------------------------------
FROM eclipse-temurin:17-jdk AS build
WORKDIR /build

# The Maven wrapper and the POM first: the dependency layer is rebuilt only when they change.
COPY mvnw ./
COPY .mvn .mvn
COPY pom.xml ./
RUN chmod +x mvnw && ./mvnw -B -q dependency:go-offline

COPY src src
RUN ./mvnw -B -q package -DskipTests \
    && cp target/cooplive-*.jar /build/cooplive.jar

# --- run ---------------------------------------------------------------------------------
FROM eclipse-temurin:17-jre

RUN groupadd --system --gid 10001 cooplive \
    && useradd --system --uid 10001 --gid cooplive --home-dir /app --no-create-home \
       --shell /usr/sbin/nologin cooplive

WORKDIR /app
COPY --from=build /build/cooplive.jar /app/cooplive.jar

# Size the heap from the container's memory limit, leaving room for metaspace, threads,
# direct buffers (Netty) and the code cache; exit on OutOfMemoryError so that the
# orchestrator restarts the container instead of keeping a broken JVM.
ENV JAVA_TOOL_OPTIONS="-XX:InitialRAMPercentage=50 -XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError" \
    PORT=8080

USER 10001:10001
EXPOSE 8080

ENTRYPOINT ["java","-jar","/app/cooplive.jar"]
