package io.parley.standalone;

import static io.parley.standalone.CatchUpClient.assertInOrderOnce;
import static io.parley.standalone.CatchUpClient.heard;
import static io.parley.standalone.NodeClients.firstEvent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.push.socket.RealtimeConnections;
import io.parley.standalone.CatchUpClient.Heard;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Edits, reactions and delivery receipts over the real socket.io-client: the client events and their
 * acknowledgements, the pushes (once per actual change), the refusals, and catch-up of each new event.
 */
class MessageFeaturesOverSocketsTest {

    private static final Duration LIMIT = Duration.ofSeconds(40);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String THUMBS_UP = "\uD83D\uDC4D";

    @RegisterExtension
    static final TestParley parley = TestParley.perClass();

    private static NodeClients clients;
    private static RealtimeConnections connections;

    private final String alice = TestParley.uniqueUser("alice");
    private final String bob = TestParley.uniqueUser("bob");
    private final String dave = TestParley.uniqueUser("dave");

    @BeforeAll
    static void clients() {
        clients = new NodeClients("http://localhost:" + parley.running().port());
        connections = parley.running().context().getBean(RealtimeConnections.class);
    }

    private String group(String... others) {
        return parley.post(alice, "/api/conversation", "{\"participants\":[\"" + String.join("\",\"", others)
                + "\"],\"isGroup\":true,\"groupName\":\"features\"}").id();
    }

    private String send(String user, String conversation, String content) {
        TestParley.Response sent = parley.post(user, "/api/message",
                "{\"conversationId\":\"" + conversation + "\",\"content\":\"" + content + "\"}");
        assertThat(sent.status()).as("send %s: %s", content, sent.body()).isEqualTo(201);
        return sent.id();
    }

    private NodeClients.Run emit(String user, String transport, Map<String, String> more, Object... actions) {
        Map<String, String> env = new java.util.HashMap<>(more);
        try {
            env.put("ACTIONS", JSON.writeValueAsString(List.of(actions)));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return clients.start("emit.mjs", NodeClients.env(user, transport, LIMIT, env), LIMIT);
    }

    private static Object action(String event, Map<String, Object> payload) {
        return List.of(event, payload);
    }

    private static List<JsonNode> all(JsonNode result, String event) {
        List<JsonNode> found = new ArrayList<>();
        result.path("events").forEach(seen -> {
            if (seen.path("event").asText().equals(event)) {
                found.add(seen.path("payload"));
            }
        });
        return found;
    }

    private static List<String> names(JsonNode result) {
        List<String> names = new ArrayList<>();
        result.path("events").forEach(event -> names.add(event.path("event").asText()));
        return names;
    }

    @Test
    void editsReactionsAndDeliveriesPushOncePerChange() {
        String conversation = group(bob);
        String first = send(alice, conversation, "one");
        String second = send(alice, conversation, "two");
        NodeClients.Run alicesPhone = clients.start("record.mjs",
                NodeClients.env(alice, "websocket", LIMIT, Map.of("EXPECT", "new_message")), LIMIT);
        await().atMost(LIMIT).until(() -> connections.connectionsOf(alice).size() == 1);

        JsonNode bobs = emit(bob, "websocket", Map.of(),
                action("react", Map.of("messageId", first, "emoji", THUMBS_UP, "on", true)),
                action("react", Map.of("messageId", first, "emoji", THUMBS_UP, "on", true)),
                action("react", Map.of("messageId", first, "emoji", ":tada:", "on", true)),
                action("react", Map.of("messageId", first, "emoji", ":tada:", "on", false)),
                action("mark_delivered", Map.of("messageId", second)),
                action("mark_delivered", Map.of("messageId", first)),
                action("mark_read", Map.of("messageId", second)),
                action("react", Map.of("messageId", first, "emoji", "a b", "on", true)),
                action("react", Map.of("messageId", first, "emoji", ":x:")),
                action("mark_delivered", Map.of()),
                action("edit_message", Map.of("messageId", first, "content", "not mine")),
                action("mark_delivered", Map.of("messageId", "0123456789abcdef01234567"))).result();
        List<JsonNode> acks = new ArrayList<>();
        bobs.path("events").forEach(event -> {
            if (event.path("event").asText().startsWith("ack:")) {
                acks.add(event.path("payload"));
            }
        });
        assertThat(acks).as("report %s", bobs).hasSize(12);
        assertThat(acks.get(0).path("ok").asBoolean()).isTrue();
        assertThat(acks.get(0).path("reactions").toString())
                .isEqualTo("[{\"emoji\":\"" + THUMBS_UP + "\",\"count\":1,\"users\":[\"" + bob + "\"]}]");
        assertThat(acks.get(1)).as("a repeated add answers the same").isEqualTo(acks.get(0));
        assertThat(acks.get(3).path("reactions")).hasSize(1);
        assertThat(acks.get(4).toString()).isEqualTo("{\"ok\":true}");
        assertThat(acks.get(5).toString()).isEqualTo("{\"ok\":true}");
        assertThat(acks.get(6).path("ok").asBoolean()).isTrue();
        assertThat(acks.subList(7, 12)).extracting(ack -> ack.path("error").path("code").asText())
                .containsExactly("validation_failed", "validation_failed", "validation_failed", "forbidden",
                        "not_found");
        assertThat(all(bobs, "error")).extracting(error -> error.path("event").asText())
                .containsExactly("react", "react", "mark_delivered", "edit_message", "mark_delivered");
        assertThat(all(bobs, "message_delivered")).as("deliveries go to the sender only").isEmpty();

        JsonNode alices = emit(alice, "polling", Map.of("EXPECT", "message_edited"),
                action("edit_message", Map.of("messageId", first, "content", "  one, edited  "))).result();
        JsonNode editAck = firstEvent(alices, "ack:edit_message");
        assertThat(editAck.path("ok").asBoolean()).as("report %s", alices).isTrue();
        assertThat(editAck.path("message").path("content").asText()).isEqualTo("one, edited");
        assertThat(editAck.path("message").path("isEdited").asBoolean()).isTrue();
        JsonNode edited = firstEvent(alices, "message_edited").path("message");
        assertThat(edited.path("content").asText()).isEqualTo("one, edited");
        assertThat(edited.path("reactions").toString()).as("the whole message as it is now")
                .isEqualTo(editAck.path("message").path("reactions").toString());
        assertThat(edited.path("deliveredTo").toString()).isEqualTo("[\"" + bob + "\"]");
        assertThat(edited.path("readBy").toString()).isEqualTo("[\"" + bob + "\"]");
        assertThat(parley.send(alice, "PATCH", "/api/message/" + second, "{\"content\":\"two, edited\"}").status())
                .isEqualTo(200);
        send(alice, conversation, "last"); // everything before it reached the phone when this does

        JsonNode phone = alicesPhone.result();
        assertThat(all(phone, "reaction_added")).as("report %s", phone)
                .extracting(push -> tuple(push.path("messageId").asText(), push.path("conversationId").asText(),
                        push.path("emoji").asText(), push.path("userId").asText()))
                .as("the repeated add pushed nothing")
                .containsExactly(tuple(first, conversation, THUMBS_UP, bob), tuple(first, conversation, ":tada:", bob));
        assertThat(all(phone, "reaction_removed")).extracting(push -> push.path("emoji").asText())
                .containsExactly(":tada:");
        assertThat(all(phone, "message_delivered"))
                .extracting(push -> tuple(push.path("messageId").asText(), push.path("conversationId").asText(),
                        push.path("deliveredTo").asText()))
                .as("once per user and message: marking 2 covers 1 too; marking 1 and reading 2 add nothing")
                .containsExactly(tuple(first, conversation, bob), tuple(second, conversation, bob));
        assertThat(all(phone, "message_edited")).extracting(push -> push.path("message").path("content").asText())
                .containsExactly("one, edited", "two, edited");
        assertThat(names(phone)).containsSubsequence("reaction_added", "reaction_removed", "message_delivered",
                "message_read", "message_edited", "message_edited", "new_message");
        assertThat(all(phone, "message_edited").get(0).path("eventId").asText()).isNotEmpty();
        assertThat(all(phone, "message_edited").get(0).path("cursor").asText()).isNotEmpty();
    }

    @Test
    void aMemberAddedLaterCannotTouchWhatCameBeforeOverASocket() {
        String conversation = group(bob);
        String before = send(alice, conversation, "before dave");
        parley.post(alice, "/api/conversation/participant/add",
                "{\"conversationId\":\"" + conversation + "\",\"userId\":\"" + dave + "\"}");
        String after = send(alice, conversation, "after dave");

        JsonNode daves = emit(dave, "websocket", Map.of(),
                action("react", Map.of("messageId", before, "emoji", THUMBS_UP, "on", true)),
                action("mark_delivered", Map.of("messageId", before)),
                action("edit_message", Map.of("messageId", before, "content", "mine")),
                action("send_message", Map.of("conversationId", conversation, "content", "re", "replyTo", before)),
                action("mark_delivered", Map.of("messageId", after)),
                action("send_message", Map.of("conversationId", conversation, "content", "re", "replyTo", after)))
                .result();
        List<String> outcomes = new ArrayList<>();
        daves.path("events").forEach(event -> {
            if (event.path("event").asText().startsWith("ack:")) {
                outcomes.add(event.path("payload").path("ok").asBoolean()
                        ? "ok" : event.path("payload").path("error").path("code").asText());
            }
        });
        assertThat(outcomes).as("report %s", daves)
                .containsExactly("not_found", "not_found", "not_found", "validation_failed", "ok", "ok");
        JsonNode replied = firstEvent(daves, "ack:send_message");
        assertThat(all(daves, "ack:send_message").get(1).path("message").path("replyTo").path("id").asText())
                .isEqualTo(after);
        assertThat(replied.path("ok").asBoolean()).isFalse();
    }

    @Test
    void eachNewEventIsCaughtUpOnceInOrderAfterADisconnect() {
        String conversation = group(bob);
        String first = send(alice, conversation, "before");
        CatchUpClient alicesClient = new CatchUpClient(clients, alice, LIMIT);
        String cursor = alicesClient.cursorAfter("before");

        String emoji = URLEncoder.encode(THUMBS_UP, StandardCharsets.UTF_8);
        assertThat(parley.put(bob, "/api/message/" + first + "/reactions/" + emoji).status()).isEqualTo(200);
        assertThat(parley.delete(bob, "/api/message/" + first + "/reactions/" + emoji).status()).isEqualTo(200);
        JsonNode bobs = emit(bob, "websocket", Map.of(), action("mark_delivered", Map.of("messageId", first)))
                .result();
        assertThat(firstEvent(bobs, "ack:mark_delivered").path("ok").asBoolean()).as("report %s", bobs).isTrue();
        assertThat(parley.send(alice, "PATCH", "/api/message/" + first, "{\"content\":\"before, edited\"}").status())
                .isEqualTo(200);
        send(alice, conversation, "after");

        List<Heard> heard = heard(alicesClient.start("websocket", cursor, "after").result());
        assertInOrderOnce(heard);
        assertThat(heard).extracting(Heard::event).containsExactly("reaction_added", "reaction_removed",
                "message_delivered", "message_edited", "new_message", "sync_complete");
        assertThat(heard.stream().filter(h -> h.event().equals("message_edited")).findFirst().orElseThrow()
                .content()).isEqualTo("before, edited");

        String last = heard.get(heard.size() - 2).cursor();
        List<Heard> again = heard(alicesClient.start("polling", last, null).result());
        assertThat(again).extracting(Heard::event).as("nothing twice").containsExactly("sync_complete");
    }
}
