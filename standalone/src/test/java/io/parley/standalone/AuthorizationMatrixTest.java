package io.parley.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.standalone.RawHttp.Answer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every route against every kind of caller who must not get through: no token, an expired one, a bad signature, an
 * unsigned token ({@code alg: none}), a user outside the conversation, and a member removed from it. Bad tokens are a
 * 401 on every route; an outsider and a removed member get 404 (existence does not leak); a non-operator gets 403 on
 * the operator routes. And nothing changed: the conversation is as it was.
 */
class AuthorizationMatrixTest {

    @RegisterExtension
    static final TestParley parley = TestParley.perClass();

    private static final String ALICE = TestParley.uniqueUser("alice");
    private static final String BOB = TestParley.uniqueUser("bob");
    private static final String OUTSIDER = TestParley.uniqueUser("outsider");
    private static final String REMOVED = TestParley.uniqueUser("removed");
    private static String group;
    private static String message;
    private static String attachment;

    @BeforeAll
    static void aGroupWithAMessageAndAnAttachment() {
        group = parley.post(ALICE, "/api/conversation", "{\"participants\":[\"" + BOB + "\",\"" + REMOVED
                + "\"],\"isGroup\":true,\"groupName\":\"g\"}").id();
        attachment = parley.upload(ALICE, "a.txt", "text/plain", "bytes".getBytes(StandardCharsets.UTF_8)).id();
        message = parley.post(ALICE, "/api/message", "{\"conversationId\":\"" + group + "\",\"content\":\"hi\","
                + "\"attachments\":[\"" + attachment + "\"]}").id();
        assertThat(parley.post(ALICE, "/api/conversation/participant/remove",
                "{\"conversationId\":\"" + group + "\",\"userId\":\"" + REMOVED + "\"}").status()).isEqualTo(200);
    }

    record Route(String method, String path, String body) {
        @Override
        public String toString() {
            return method + " " + path.replaceAll("[0-9a-f]{24}", ":id");
        }
    }

    record Caller(String name, Map<String, String> headers) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static List<Route> memberRoutes() {
        String member = "{\"conversationId\":\"" + group + "\",\"userId\":\"" + BOB + "\"}";
        return List.of(
                new Route("GET", "/api/conversation/" + group, null),
                new Route("GET", "/api/message/" + group, null),
                new Route("GET", "/api/attachment/" + attachment, null),
                new Route("POST", "/api/message", "{\"conversationId\":\"" + group + "\",\"content\":\"x\"}"),
                new Route("POST", "/api/conversation/participant/add",
                        "{\"conversationId\":\"" + group + "\",\"userId\":\"newcomer\"}"),
                new Route("POST", "/api/conversation/participant/remove", member),
                new Route("PUT", "/api/message/read/" + message, null),
                new Route("DELETE", "/api/message/" + message, null),
                new Route("DELETE", "/api/conversation/" + group, null));
    }

    private static List<Route> ownRoutes() {
        return List.of(
                new Route("GET", "/api/conversation", null),
                new Route("POST", "/api/conversation", "{\"participants\":[\"" + BOB + "\"]}"),
                new Route("POST", "/api/attachment", null));
    }

    private static List<Route> operatorRoutes() {
        return List.of(
                new Route("GET", "/api/admin/events", null),
                new Route("GET", "/api/admin/topics", null),
                new Route("GET", "/api/admin/projections", null),
                new Route("GET", "/api/admin/projections/conversations", null),
                new Route("POST", "/api/admin/projections/conversations/replay", null));
    }

    private static List<Caller> badTokens() {
        String expired = TestParley.token(ALICE, Instant.now().minusSeconds(3600), TestParley.SECRET);
        String badSignature = TestParley.token(ALICE, Instant.now().plusSeconds(3600),
                "a-secret-that-is-not-the-one-of-this-server");
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        String unsigned = base64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8))
                + "." + base64.encodeToString(("{\"sub\":\"" + ALICE + "\",\"roles\":[\"admin\"],\"exp\":"
                + Instant.now().plusSeconds(3600).getEpochSecond() + "}").getBytes(StandardCharsets.UTF_8)) + ".";
        return List.of(
                new Caller("no token", Map.of()),
                new Caller("not a bearer token", Map.of("Authorization", "Basic YWxpY2U6cHc=")),
                new Caller("an expired token", bearer(expired)),
                new Caller("a bad signature", bearer(badSignature)),
                new Caller("alg none", bearer(unsigned)),
                new Caller("a malformed token", bearer("not.a.jwt")));
    }

    private static Map<String, String> bearer(String token) {
        return Map.of("Authorization", "Bearer " + token);
    }

    static Stream<Arguments> matrix() {
        List<Arguments> rows = new ArrayList<>();
        List<Route> all = new ArrayList<>(memberRoutes());
        all.addAll(ownRoutes());
        all.addAll(operatorRoutes());
        for (Route route : all) {
            for (Caller caller : badTokens()) {
                rows.add(Arguments.of(route, caller, 401, "unauthorized"));
            }
        }
        for (Route route : memberRoutes()) {
            rows.add(Arguments.of(route, new Caller("an outsider", bearer(TestParley.token(OUTSIDER))),
                    404, "not_found"));
            rows.add(Arguments.of(route, new Caller("a removed member", bearer(TestParley.token(REMOVED))),
                    404, "not_found"));
        }
        for (Route route : operatorRoutes()) {
            rows.add(Arguments.of(route, new Caller("a member who is no operator", bearer(TestParley.token(ALICE))),
                    403, "forbidden"));
        }
        return rows.stream();
    }

    @ParameterizedTest(name = "{0} by {1}: {2}")
    @MethodSource("matrix")
    void isRefused(Route route, Caller caller, int status, String code) {
        Map<String, String> headers = new LinkedHashMap<>(caller.headers());
        byte[] body = route.body() == null ? null : route.body().getBytes(StandardCharsets.UTF_8);
        if (body != null) {
            headers.put("Content-Type", "application/json");
        }
        Answer answer = RawHttp.send(parley.running().port(), route.method(), route.path(), headers, body);

        assertThat(answer.status()).as("%s by %s: %s", route, caller, answer.body()).isEqualTo(status);
        assertThat(answer.json().path("error").path("code").asText()).isEqualTo(code);
        // nothing changed: the group, its members and its message are as they were
        var seen = parley.get(ALICE, "/api/conversation/" + group).body();
        assertThat(seen.path("isDeleted").asBoolean()).isFalse();
        assertThat(parley.get(ALICE, "/api/conversation/" + group).texts("participants"))
                .containsExactly(ALICE, BOB);
        var history = parley.get(ALICE, "/api/message/" + group).body().path("messages");
        assertThat(history).hasSize(1);
        assertThat(history.get(0).path("isDeleted").asBoolean()).isFalse();
        assertThat(history.get(0).path("readBy")).isEmpty();
    }
}
