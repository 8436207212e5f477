package io.parley.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.standalone.RawHttp.Answer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
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
 * Bad input of every kind, on every route, sent byte for byte: each answer has the status its code names and the
 * body {@code { error: { code, message } }}, never an HTML page, a stack trace or the server's name, including what
 * Tomcat refuses before Parley sees the request (encoded slash, backslash or NUL, bad percent-encoding, overlong
 * UTF-8, a path above the root, an over-long path, query or header).
 */
class BadInputTest {

    @RegisterExtension
    static final TestParley parley = TestParley.perClass();

    private static final String ALICE = TestParley.uniqueUser("alice");
    private static final String BOB = TestParley.uniqueUser("bob");
    private static final String UNKNOWN_ID = "0123456789abcdef01234567";
    private static String conversation;
    private static String deleted;
    private static String message;

    /** One bad request: what it is, and the status and code it must be answered with. */
    record Case(String name, String method, String target, Map<String, String> headers, byte[] body,
                int status, String code, String mentions) {

        @Override
        public String toString() {
            return name;
        }
    }

    @BeforeAll
    static void conversations() {
        conversation = parley.post(ALICE, "/api/conversation", "{\"participants\":[\"" + BOB + "\"]}").id();
        message = parley.post(ALICE, "/api/message",
                "{\"conversationId\":\"" + conversation + "\",\"content\":\"hi\"}").id();
        deleted = parley.post(ALICE, "/api/conversation",
                "{\"participants\":[\"" + BOB + "\"],\"isGroup\":true,\"groupName\":\"gone\"}").id();
        assertThat(parley.delete(ALICE, "/api/conversation/" + deleted).status()).isEqualTo(200);
    }

    private static final class Table {
        final List<Case> cases = new ArrayList<>();

        Table json(String name, String method, String target, String body, int status, String code) {
            return json(name, method, target, body, status, code, null);
        }

        Table json(String name, String method, String target, String body, int status, String code,
                   String mentions) {
            Map<String, String> headers = new LinkedHashMap<>(auth());
            headers.put("Content-Type", "application/json");
            cases.add(new Case(name, method, target, headers,
                    body == null ? null : body.getBytes(StandardCharsets.UTF_8), status, code, mentions));
            return this;
        }

        Table get(String name, String target, int status, String code, String mentions) {
            cases.add(new Case(name, "GET", target, auth(), null, status, code, mentions));
            return this;
        }

        Table raw(String name, String method, String target, Map<String, String> headers, int status, String code) {
            Map<String, String> all = new LinkedHashMap<>(auth());
            all.putAll(headers);
            cases.add(new Case(name, method, target, all, null, status, code, null));
            return this;
        }

        Table body(String name, String target, String contentType, String body, int status, String code) {
            Map<String, String> headers = new LinkedHashMap<>(auth());
            headers.put("Content-Type", contentType);
            cases.add(new Case(name, "POST", target, headers, body.getBytes(StandardCharsets.UTF_8), status, code,
                    null));
            return this;
        }

        Table admin(String name, String target, int status, String code, String mentions) {
            cases.add(new Case(name, "GET", target, Map.of("Authorization", "Bearer " + TestParley.adminToken("ops")),
                    null, status, code, mentions));
            return this;
        }

        private static Map<String, String> auth() {
            return Map.of("Authorization", "Bearer " + TestParley.token(ALICE));
        }
    }

    /** Every route that takes a JSON body, with a body that fits it, to break in each way. */
    private static Map<String, String> jsonRoutes() {
        Map<String, String> routes = new LinkedHashMap<>();
        routes.put("/api/conversation", "{\"participants\":[\"" + BOB + "\"]}");
        routes.put("/api/conversation/participant/add",
                "{\"conversationId\":\"" + conversation + "\",\"userId\":\"x\"}");
        routes.put("/api/conversation/participant/remove",
                "{\"conversationId\":\"" + conversation + "\",\"userId\":\"x\"}");
        routes.put("/api/message", "{\"conversationId\":\"" + conversation + "\",\"content\":\"x\"}");
        return routes;
    }

    static Stream<Arguments> cases() {
        Table table = new Table();
        String c = "\"conversationId\":\"" + conversation + "\"";
        jsonRoutes().forEach((route, body) -> table
                .json("malformed JSON to " + route, "POST", route, "{\"participants\":", 400, "validation_failed")
                .json("an array for an object to " + route, "POST", route, "[]", 400, "validation_failed", "object")
                .json("a number for an object to " + route, "POST", route, "42", 400, "validation_failed")
                .json("a string for an object to " + route, "POST", route, "\"x\"", 400, "validation_failed")
                .json("no body to " + route, "POST", route, null, 400, "validation_failed")
                .json("a body over 1 MB to " + route, "POST", route,
                        "{\"x\":\"" + "y".repeat(1_100_000) + "\"}", 413, "payload_too_large"));
        table
                .json("participants not an array", "POST", "/api/conversation", "{\"participants\":\"bob\"}",
                        400, "validation_failed", "participants")
                .json("isGroup a string", "POST", "/api/conversation",
                        "{\"participants\":[\"" + BOB + "\"],\"isGroup\":\"yes\"}", 400, "validation_failed", "isGroup")
                .json("a participant id a number", "POST", "/api/conversation", "{\"participants\":[1]}",
                        400, "validation_failed")
                .json("a bad user id", "POST", "/api/conversation", "{\"participants\":[\"a b\"]}",
                        400, "validation_failed")
                .json("a group name of only invisible characters", "POST", "/api/conversation",
                        "{\"participants\":[\"" + BOB + "\"],\"isGroup\":true,\"groupName\":\"\\u200B\\u3000\"}",
                        400, "validation_failed", "groupName")
                .json("content a number", "POST", "/api/message", "{" + c + ",\"content\":5}",
                        400, "validation_failed", "content")
                .json("content of zero-width spaces", "POST", "/api/message",
                        "{" + c + ",\"content\":\"\\u200B\\u200C\\u200D\\u2060\\uFEFF\"}", 400, "validation_failed")
                .json("content of ideographic spaces", "POST", "/api/message",
                        "{" + c + ",\"content\":\"\\u3000\\u3000\\u00A0\"}", 400, "validation_failed")
                .json("content of 10,001 code points", "POST", "/api/message",
                        "{" + c + ",\"content\":\"" + "\uD83D\uDE00".repeat(10_001) + "\"}", 400, "validation_failed")
                .json("content of 5,001 emoji is 5,001 characters, not 10,002", "POST", "/api/message",
                        "{" + c + ",\"content\":\"" + "\uD83D\uDE00".repeat(5_001) + "\"}", 201, null)
                .json("a conversation id that is no id", "POST", "/api/message",
                        "{\"conversationId\":\"zz\",\"content\":\"x\"}", 400, "validation_failed", "conversationId")
                .json("attachments not an array", "POST", "/api/message", "{" + c + ",\"content\":\"x\","
                        + "\"attachments\":\"a\"}", 400, "validation_failed", "attachments")
                .json("an attachment id that is no id", "POST", "/api/message", "{" + c + ",\"content\":\"x\","
                        + "\"attachments\":[\"zz\"]}", 400, "validation_failed")
                .json("a clientMessageId over 200 characters", "POST", "/api/message", "{" + c
                        + ",\"content\":\"x\",\"clientMessageId\":\"" + "k".repeat(201) + "\"}",
                        400, "validation_failed")
                .body("plain text for JSON", "/api/message", "text/plain", "hello", 415, "validation_failed")
                .json("sending to a deleted conversation", "POST", "/api/message",
                        "{\"conversationId\":\"" + deleted + "\",\"content\":\"x\"}", 410, "conversation_deleted")
                .json("adding to a deleted conversation", "POST", "/api/conversation/participant/add",
                        "{\"conversationId\":\"" + deleted + "\",\"userId\":\"x\"}", 410, "conversation_deleted");
        // ids
        table
                .get("a conversation id that is no id", "/api/conversation/zz", 404, "not_found", null)
                .get("an unknown conversation id", "/api/conversation/" + UNKNOWN_ID, 404, "not_found", null)
                .get("a deleted conversation", "/api/conversation/" + deleted, 404, "not_found", null)
                .get("the history of a deleted conversation", "/api/message/" + deleted, 404, "not_found", null)
                .get("the history of no id", "/api/message/zz", 404, "not_found", null)
                .get("an attachment id that is no id", "/api/attachment/zz", 404, "not_found", null)
                .get("an unknown attachment", "/api/attachment/" + UNKNOWN_ID, 404, "not_found", null)
                .raw("marking read no id", "PUT", "/api/message/read/zz", Map.of(), 404, "not_found")
                .raw("deleting no message", "DELETE", "/api/message/" + UNKNOWN_ID, Map.of(), 404, "not_found")
                .raw("deleting no conversation", "DELETE", "/api/conversation/zz", Map.of(), 404, "not_found")
                .raw("deleting a deleted conversation", "DELETE", "/api/conversation/" + deleted, Map.of(),
                        410, "conversation_deleted");
        // parameters: digits only, in range, each refusal naming its parameter
        String history = "/api/message/" + conversation;
        for (String limit : List.of("+5", "%205%20", "0", "101", "abc", "1e2", "5.0", "-1", "99999999999", "")) {
            table.get("limit=" + limit + " on the history", history + "?limit=" + limit, 400, "validation_failed",
                    "limit");
            table.get("limit=" + limit + " on the list", "/api/conversation?limit=" + limit, 400,
                    "validation_failed", "limit");
        }
        table
                .get("skip=-1", history + "?skip=-1", 400, "validation_failed", "skip")
                .get("skip=2147483648", history + "?skip=2147483648", 400, "validation_failed", "skip")
                .get("skip=+1", history + "?skip=+1", 400, "validation_failed", "skip")
                .get("before=abc", history + "?before=abc", 400, "validation_failed", "before")
                .get("after=1.5", history + "?after=1.5", 400, "validation_failed", "after")
                .get("after past any seq", history + "?after=9007199254740992", 400, "validation_failed", "after")
                .get("before and after", history + "?before=3&after=1", 400, "validation_failed", null)
                .get("skip with a cursor", history + "?skip=1&before=3", 400, "validation_failed", "skip")
                .get("a list cursor with a bad id", "/api/conversation?before=2020-01-01T00:00:00Z_zz", 400,
                        "validation_failed", "before")
                .get("a list cursor that is no time", "/api/conversation?before=yesterday", 400,
                        "validation_failed", "before")
                .get("%zz in the query", history + "?limit=%zz", 400, "validation_failed", "query")
                .get("overlong UTF-8 in the query", history + "?limit=%C0%AF", 400, "validation_failed", "query")
                .get("a lone % in the query", history + "?limit=5%", 400, "validation_failed", "query")
                .get("a parameter given twice", history + "?limit=5&limit=6", 400, "validation_failed", "limit");
        // what Tomcat refuses before Parley sees it
        table
                .get("an encoded slash in the path", "/api/conversation/%2F", 400, "validation_failed", null)
                .get("an encoded backslash in the path", "/api/conversation/%5C", 400, "validation_failed", null)
                .get("an encoded NUL in the path", "/api/conversation/%00", 400, "validation_failed", null)
                .get("bad percent-encoding in the path", "/api/conversation/%zz", 400, "validation_failed", null)
                .get("overlong UTF-8 in the path", "/api/conversation/%C0%AE%C0%AE", 400, "validation_failed", null)
                .get("a path above the root", "/api/../../etc/passwd", 400, "validation_failed", null)
                .get("an encoded path above the root", "/api/%2e%2e/%2e%2e/x", 400, "validation_failed", null)
                .get("a path over 8 KB", "/api/conversation/" + "a".repeat(9_000), 400, "validation_failed", null)
                .get("a query over 8 KB", "/api/conversation?x=" + "a".repeat(9_000), 400, "validation_failed", null)
                .get("a character not allowed in a query", "/api/conversation?x={}", 400, "validation_failed", null)
                .raw("a 60 KB token", "GET", "/api/conversation",
                        Map.of("Authorization", "Bearer " + "a".repeat(60_000)), 400, "validation_failed")
                .raw("a 60 KB header", "GET", "/api/conversation", Map.of("X-Big", "a".repeat(60_000)),
                        400, "validation_failed");
        // routes and methods that do not exist
        table
                .get("no such route", "/api/nothing", 404, "not_found", null)
                .get("no such route outside the API", "/nothing.html", 404, "not_found", null)
                .raw("a method the route does not take", "PATCH", "/api/conversation", Map.of(), 405,
                        "method_not_allowed")
                .json("a media type the route does not take", "POST", "/api/attachment", "{}", 415,
                        "validation_failed")
                .admin("an export filter that is no time", "/api/admin/events?from=yesterday", 400,
                        "validation_failed", "from")
                .admin("an export filter with no such type", "/api/admin/events?type=Nothing", 400,
                        "validation_failed", "type")
                .admin("an export filter of no conversation id", "/api/admin/events?conversationId=zz", 400,
                        "validation_failed", "conversationId")
                .admin("no such read model to replay", "/api/admin/projections/nothing", 404, "not_found", null);
        return table.cases.stream().map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void isAnsweredInTheContractsShape(Case bad) {
        Answer answer = RawHttp.send(parley.running().port(), bad.method(), bad.target(), bad.headers(), bad.body());

        assertThat(answer.status()).as("%s: %s", bad, answer.body()).isEqualTo(bad.status());
        if (bad.code() == null) {
            return;
        }
        assertThat(answer.headers().get("content-type")).as("%s", bad).startsWith("application/json");
        JsonNode json = answer.json();
        assertThat(json).as("%s: a JSON body, not %s", bad, answer.body()).isNotNull();
        assertThat(json.path("error").path("code").asText()).as("%s", bad).isEqualTo(bad.code());
        assertThat(json.path("error").path("message").asText()).as("%s", bad).isNotBlank();
        if (bad.mentions() != null) {
            assertThat(json.path("error").path("message").asText()).as("%s", bad).contains(bad.mentions());
        }
        assertThat(answer.body()).as("%s", bad).doesNotContainIgnoringCase("exception")
                .doesNotContainIgnoringCase("tomcat").doesNotContainIgnoringCase("apache")
                .doesNotContain("\tat ").doesNotContain("<html");
        assertThat(answer.headers()).as("no server banner").doesNotContainKey("server");
    }
}
