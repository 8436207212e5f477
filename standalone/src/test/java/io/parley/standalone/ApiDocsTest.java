package io.parley.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The OpenAPI description at {@code /v3/api-docs} and the route table of {@code docs/API.md} name the same routes,
 * read from the document itself so the two cannot drift; both it and Swagger UI are open, the routes are not.
 */
class ApiDocsTest {

    @RegisterExtension
    static final TestParley parley = TestParley.perClass("--parley.demo.enabled=true");

    private static final Path API_MD = Path.of("..", "docs", "API.md");
    private static final Pattern ROW = Pattern.compile("^\\| `(GET|POST|PUT|PATCH|DELETE) (/[^`]+)` \\|", Pattern.MULTILINE);

    static Set<String> documentedRoutes() throws IOException {
        String markdown = Files.readString(API_MD);
        int start = markdown.indexOf("\n## REST routes");
        int end = markdown.indexOf("\n## ", start + 1);
        Matcher row = ROW.matcher(markdown.substring(start, end < 0 ? markdown.length() : end));
        Set<String> routes = new TreeSet<>();
        while (row.find()) {
            routes.add(row.group(1) + " " + row.group(2).replaceAll(":[A-Za-z]+", "{}"));
        }
        return routes;
    }

    private static Set<String> servedRoutes() throws IOException {
        HttpResponse<String> docs = parley.text(null, "/v3/api-docs");
        assertThat(docs.statusCode()).as("/v3/api-docs without a token").isEqualTo(200);
        JsonNode paths = new ObjectMapper().readTree(docs.body()).path("paths");
        Set<String> routes = new TreeSet<>();
        paths.fields().forEachRemaining(path -> path.getValue().fieldNames().forEachRemaining(method ->
                routes.add(method.toUpperCase() + " " + path.getKey().replaceAll("\\{[^}]*}", "{}"))));
        return routes;
    }

    @Test
    void everyDocumentedRouteIsInTheOpenApiDescriptionAndNoOtherIs() throws IOException {
        Set<String> documented = documentedRoutes();
        Set<String> served = servedRoutes();
        assertThat(documented).as("routes parsed from docs/API.md").hasSizeGreaterThan(20)
                .contains("POST /api/message", "GET /api/message/{}", "GET /api/presence", "POST /api/demo/token");

        Set<String> missing = new TreeSet<>(documented);
        missing.removeAll(served);
        assertThat(missing).as("routes of docs/API.md that /v3/api-docs does not list").isEmpty();

        Set<String> undocumented = new TreeSet<>(served);
        undocumented.removeAll(documented);
        assertThat(undocumented).as("routes of /v3/api-docs that docs/API.md does not list").isEmpty();
    }

    @Test
    void everyOperationDescribesItsErrorsAndItsToken() throws IOException {
        JsonNode docs = new ObjectMapper().readTree(parley.text(null, "/v3/api-docs").body());
        JsonNode send = docs.path("paths").path("/api/message").path("post");
        assertThat(send.path("requestBody").path("content").path("application/json").path("schema").path("$ref")
                .asText()).endsWith("/SendMessageRequest");
        assertThat(send.path("responses").path("404").path("content").path("application/json").path("schema")
                .path("$ref").asText()).endsWith("/ErrorResponse");
        assertThat(docs.path("components").path("schemas").path("MessageView").path("properties").has("seq")).isTrue();
        assertThat(docs.path("components").path("securitySchemes").path("bearer").path("scheme").asText())
                .isEqualTo("bearer");
        assertThat(send.path("parameters").toString()).doesNotContain("caller");
    }

    @Test
    void theDescriptionAndSwaggerUiAreOpenButTheRoutesStayBehindTheirToken() {
        assertThat(parley.text(null, "/swagger-ui/index.html").statusCode()).isEqualTo(200);
        assertThat(parley.text(null, "/api/conversation").statusCode()).isEqualTo(401);
        assertThat(parley.text(null, "/api/presence?users=a").statusCode()).isEqualTo(401);
    }

    @Test
    void demoModeSignsInByNameAndTheChatPageIsServed() throws IOException {
        TestParley.Response answer = parley.send(null, "POST", DemoMode.TOKEN_ROUTE, "{\"name\":\"Alice Smith\"}");
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body().path("userId").asText()).isEqualTo("alice-smith");
        String token = answer.body().path("token").asText();
        assertThat(parley.text(token, "/api/conversation").statusCode()).isEqualTo(200);
        assertThat(parley.send(null, "POST", DemoMode.TOKEN_ROUTE, "{\"name\":\"  \"}").errorCode())
                .isEqualTo("validation_failed");

        HttpResponse<String> page = parley.text(null, "/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<title>Parley</title>", "importmap");
        assertThat(parley.text(null, "/parley-client/index.js").statusCode()).isEqualTo(200);
        assertThat(parley.text(null, "/vendor/socket.io.esm.min.js").statusCode()).isEqualTo(200);
    }
}
