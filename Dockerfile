# One image per Parley service: docker build --build-arg SERVICE=command-side|query-side|realtime-push .
# (docker-compose.yml builds all three; the build stage is shared between them.)
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY . .
RUN ./mvnw -q -B -DskipTests package

FROM eclipse-temurin:17-jre
ARG SERVICE
RUN useradd --system --uid 10001 parley
COPY --from=build /src/${SERVICE}/target/parley-${SERVICE}-service.jar /app/service.jar
USER parley
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/service.jar"]
