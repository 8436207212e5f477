package io.parley.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.standalone.TestParley.Response;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/** Operator routes answer operators only: every route under /api/admin/, those that exist and those that do not. */
class AdminRoutesTest {

    @RegisterExtension
    static final TestParley parley = TestParley.perClass();

    /** The routes of API.md's Operations part; the replay route belongs to the query side. */
    private static final List<String> DOCUMENTED = List.of(
            "GET /api/admin/events",
            "GET /api/admin/events?conversationId=0123456789abcdef01234567&type=MessageSentEvent",
            "GET /api/admin/topics",
            "POST /api/admin/projections/conversations/replay",
            "GET /api/admin",
            "DELETE /api/admin/no-such-route");

    /** Whatever the running Parley maps under /api/admin, so a route added later is checked without a new test. */
    private static List<String> mapped() {
        RequestMappingHandlerMapping mappings = parley.running().context()
                .getBean("requestMappingHandlerMapping", RequestMappingHandlerMapping.class);
        Set<String> routes = new TreeSet<>();
        mappings.getHandlerMethods().keySet().forEach(info -> info.getPatternValues().stream()
                .filter(pattern -> pattern.startsWith("/api/admin"))
                .forEach(pattern -> {
                    Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
                    String path = pattern.replaceAll("\\{[^}]*}", "x");
                    (methods.isEmpty() ? Set.of(RequestMethod.GET) : methods)
                            .forEach(method -> routes.add(method + " " + path));
                }));
        return new ArrayList<>(routes);
    }

    private static List<String> everyAdminRoute() {
        List<String> routes = new ArrayList<>(DOCUMENTED);
        routes.addAll(mapped());
        return routes;
    }

    private static Response call(String token, String route) {
        String[] methodAndPath = route.split(" ", 2);
        String body = methodAndPath[0].equals("POST") ? "{}" : null;
        return parley.sendWithToken(token, methodAndPath[0], methodAndPath[1], body);
    }

    @Test
    void theRoutesOfThisParleyAreFoundAndChecked() {
        assertThat(mapped()).as("the routes are mapped, so the next tests see them").contains(
                "GET /api/admin/events", "GET /api/admin/topics", "POST /api/admin/projections/x/replay");
    }

    @Test
    void aUserWithoutTheAdminRoleIsForbiddenEverywhere() {
        String user = TestParley.token("mallory");
        for (String route : everyAdminRoute()) {
            Response response = call(user, route);
            assertThat(response.status()).as(route).isEqualTo(403);
            assertThat(response.errorCode()).as(route).isEqualTo("forbidden");
            assertThat(response.body().path("error").path("message").asText()).as(route).isNotBlank();
        }
    }

    @Test
    void aMissingOrBadTokenStaysUnauthorized() {
        String expired = TestParley.token("ops", Instant.now().minusSeconds(60), TestParley.SECRET);
        String wronglySigned = TestParley.token("ops", Instant.now().plusSeconds(60),
                "another-secret-that-is-at-least-32-bytes");
        for (String route : everyAdminRoute()) {
            for (String token : new String[] {null, expired, wronglySigned, "not-a-jwt"}) {
                Response response = call(token, route);
                assertThat(response.status()).as(route).isEqualTo(401);
                assertThat(response.errorCode()).as(route).isEqualTo("unauthorized");
            }
        }
    }

    @Test
    void anOperatorPassesTheGuard() {
        String ops = TestParley.adminToken("ops");
        // not the real replay: it would rebuild the read model; the mapped route with a made-up name passes too
        for (String route : everyAdminRoute()) {
            if (!route.endsWith("/conversations/replay")) {
                assertThat(call(ops, route).status()).as(route).isNotIn(401, 403);
            }
        }
        assertThat(parley.admin("/api/admin/topics").status()).isEqualTo(200);
    }

    @Test
    void anotherSpellingOfThePathDoesNotGetPastTheGuard() {
        String user = TestParley.token("mallory");
        for (String path : List.of("/api//admin/topics", "/api/admin/../admin/topics", "/api/./admin/topics",
                "/api/%61dmin/topics", "/api/admin;x=1/topics", "/api/admin/topics;x=1", "/api/admin/topics/")) {
            Response response = parley.sendWithToken(user, "GET", path, null);
            assertThat(response.status()).as(path).isIn(400, 403, 404);
            assertThat(response.body().has("topics")).as(path).isFalse();
        }
    }
}
