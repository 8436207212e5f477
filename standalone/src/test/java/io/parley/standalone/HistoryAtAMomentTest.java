package io.parley.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.kernel.message.MessageDeliveredEvent;
import io.parley.kernel.message.MessageEditedEvent;
import io.parley.kernel.message.MessageSentEvent;
import io.parley.kernel.message.ReactionAddedEvent;
import io.parley.standalone.TestParley.Response;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code GET /api/admin/conversations/:id/state?at} and {@code .../messages?at&limit&before} over HTTP: a
 * conversation built over the real REST API (messages, a read, members added and removed, a deletion, the
 * conversation deleted), asked about at instants taken between its events, and at an event's own timestamp.
 * Small checkpoint spacing, so the answers cross checkpoints.
 */
class HistoryAtAMomentTest {

    @RegisterExtension
    static final TestParley parley = TestParley.perClass("--parley.history.checkpoint-every=2");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ALICE = "alice";
    private static String group;
    private static String m1;
    private static Instant beforeCreation;
    private static Instant afterTwoMessages;
    private static Instant afterCarolJoined;
    private static Instant afterBobLeft;
    private static Instant afterDeletion;

    /** An instant after everything so far and before anything next: the next event is stored a millisecond later. */
    private static Instant between() {
        Instant mark = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        while (!Instant.now().truncatedTo(ChronoUnit.MILLIS).isAfter(mark)) {
            Thread.onSpinWait();
        }
        return mark;
    }

    @BeforeAll
    static void history() {
        beforeCreation = between();
        group = parley.post(ALICE, "/api/conversation",
                "{\"participants\":[\"bob\"],\"isGroup\":true,\"groupName\":\"moments\"}").id();
        m1 = send(ALICE, "first");
        send("bob", "second");
        afterTwoMessages = between();
        assertThat(parley.put("bob", "/api/message/read/" + m1).status()).isEqualTo(200);
        member("add", "carol");
        afterCarolJoined = between();
        assertThat(parley.delete(ALICE, "/api/message/" + m1).status()).isEqualTo(200);
        send("carol", "third");
        member("remove", "bob");
        afterBobLeft = between();
        assertThat(parley.delete(ALICE, "/api/conversation/" + group).status()).isEqualTo(200);
        afterDeletion = between();
    }

    private static String send(String sender, String content) {
        Response sent = parley.post(sender, "/api/message",
                "{\"conversationId\":\"" + group + "\",\"content\":\"" + content + "\"}");
        assertThat(sent.status()).isEqualTo(201);
        return sent.id();
    }

    private static void member(String action, String user) {
        assertThat(parley.post(ALICE, "/api/conversation/participant/" + action,
                "{\"conversationId\":\"" + group + "\",\"userId\":\"" + user + "\"}").status()).isEqualTo(200);
    }

    private static Response state(String conversation, Instant at) {
        return parley.admin("/api/admin/conversations/" + conversation + "/state?at=" + at);
    }

    private static Response messages(String conversation, String query) {
        return parley.admin("/api/admin/conversations/" + conversation + "/messages?" + query);
    }

    private static JsonNode ok(Response response) {
        assertThat(response.status()).as(response.body().toString()).isEqualTo(200);
        return response.body();
    }

    private static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(node -> values.add(node.asText()));
        return values;
    }

    private static List<Long> seqs(JsonNode page) {
        List<Long> values = new ArrayList<>();
        page.path("messages").forEach(message -> values.add(message.path("seq").asLong()));
        return values;
    }

    @Test
    void theStateAtEachInstantIsTheConversationAsItWasThen() {
        JsonNode early = ok(state(group, afterTwoMessages));
        assertThat(early.path("id").asText()).isEqualTo(group);
        assertThat(early.path("_id").asText()).isEqualTo(group);
        assertThat(texts(early.path("participants"))).containsExactly(ALICE, "bob");
        assertThat(early.path("groupName").asText()).isEqualTo("moments");
        assertThat(early.path("isDeleted").asBoolean()).isFalse();
        assertThat(early.path("lastSeq").asLong()).isEqualTo(2);
        assertThat(early.path("eventSequence").asLong()).as("created, two messages").isEqualTo(2);

        assertThat(texts(ok(state(group, afterCarolJoined)).path("participants")))
                .containsExactly(ALICE, "bob", "carol");
        JsonNode late = ok(state(group, afterBobLeft));
        assertThat(texts(late.path("participants"))).containsExactly(ALICE, "carol");
        assertThat(late.path("lastSeq").asLong()).isEqualTo(3);
        assertThat(late.path("isDeleted").asBoolean()).isFalse();
        assertThat(late.path("eventSequence").asLong()).isEqualTo(7);

        JsonNode gone = ok(state(group, afterDeletion));
        assertThat(gone.path("isDeleted").asBoolean()).isTrue();
        assertThat(gone.path("eventSequence").asLong()).isEqualTo(8);
        assertThat(parley.get(ALICE, "/api/conversation/" + group).status())
                .as("today's read model no longer shows it; the log does").isEqualTo(404);
    }

    @Test
    void anInstantExactlyAtAnEventsTimestampIncludesIt() {
        String export = parley.text(TestParley.adminToken("ops"), "/api/admin/events?conversationId=" + group
                + "&type=ParticipantAddedEvent").body().trim();
        JsonNode added = read(export);
        Instant at = Instant.parse(added.path("timestamp").asText());
        JsonNode then = ok(state(group, at));
        assertThat(then.path("eventSequence").asLong()).isEqualTo(added.path("sequence").asLong());
        assertThat(texts(then.path("participants"))).contains("carol");
        JsonNode justBefore = ok(state(group, at.minusMillis(1)));
        assertThat(justBefore.path("eventSequence").asLong()).isLessThan(added.path("sequence").asLong());
        assertThat(texts(justBefore.path("participants"))).doesNotContain("carol");
    }

    @Test
    void theHistoryAtEachInstantLeavesOutWhatCameLater() {
        JsonNode early = ok(messages(group, "at=" + afterTwoMessages));
        assertThat(seqs(early)).containsExactly(2L, 1L);
        assertThat(early.path("hasMore").asBoolean()).isFalse();
        JsonNode first = early.path("messages").get(1);
        assertThat(first.path("id").asText()).isEqualTo(m1);
        assertThat(first.path("_id").asText()).isEqualTo(m1);
        assertThat(first.path("content").asText()).isEqualTo("first");
        assertThat(first.path("isDeleted").asBoolean()).isFalse();
        assertThat(texts(first.path("readBy"))).as("bob reads it later").isEmpty();
        for (String field : List.of("_id", "id", "conversation", "sender", "content", "attachments", "readBy",
                "deliveredTo", "seq", "clientMessageId", "isDeleted", "deletedAt", "isEdited", "editedAt",
                "reactions", "replyTo", "createdAt", "updatedAt")) {
            assertThat(first.has(field)).as(field).isTrue();
        }
        assertThat(first.path("isEdited").asBoolean()).isFalse();
        assertThat(first.path("replyTo").isNull()).isTrue();

        JsonNode joined = ok(messages(group, "at=" + afterCarolJoined)).path("messages");
        assertThat(texts(joined.get(1).path("readBy"))).containsExactly("bob", "carol");
        assertThat(texts(joined.get(1).path("deliveredTo"))).containsExactly("bob", "carol");
        assertThat(joined.get(1).path("isDeleted").asBoolean()).as("deleted only later").isFalse();

        JsonNode late = ok(messages(group, "at=" + afterBobLeft));
        assertThat(seqs(late)).containsExactly(3L, 2L, 1L);
        JsonNode deleted = late.path("messages").get(2);
        assertThat(deleted.path("isDeleted").asBoolean()).isTrue();
        assertThat(deleted.path("content").asText()).isEmpty();
        assertThat(deleted.path("deletedAt").isNull()).isFalse();
        assertThat(texts(deleted.path("readBy"))).as("bob has left").containsExactly("carol");
    }

    @Test
    void pagesAreNewestFirstWithAnExclusiveBeforeCursor() {
        JsonNode page = ok(messages(group, "at=" + afterDeletion + "&limit=2"));
        assertThat(seqs(page)).containsExactly(3L, 2L);
        assertThat(page.path("hasMore").asBoolean()).isTrue();
        JsonNode next = ok(messages(group, "at=" + afterDeletion + "&limit=2&before=2"));
        assertThat(seqs(next)).containsExactly(1L);
        assertThat(next.path("hasMore").asBoolean()).isFalse();
        assertThat(seqs(ok(messages(group, "at=" + afterDeletion)))).as("default limit").containsExactly(3L, 2L, 1L);
        assertThat(seqs(ok(messages(group, "at=" + afterDeletion + "&before=1")))).isEmpty();
    }

    @Test
    void theNewEventsAreFoldedToo() {
        String other = parley.post(ALICE, "/api/conversation",
                "{\"participants\":[\"bob\"],\"isGroup\":true,\"groupName\":\"new events\"}").id();
        String first = parley.post(ALICE, "/api/message",
                "{\"conversationId\":\"" + other + "\",\"content\":\"draft\"}").id();
        Instant beforeEdit = between();
        // nothing in this branch emits these yet: they are appended to the conversation's stream as the aggregate
        // will, and no command touches this conversation afterwards
        EventStore store = parley.running().context().getBean(EventStore.class);
        append(store, other, new MessageEditedEvent(other, first, 1, ALICE, "final", Instant.now()));
        append(store, other, new ReactionAddedEvent(other, first, 1, "bob", "👍", Instant.now()));
        append(store, other, new MessageDeliveredEvent(other, first, 1, "bob", Instant.now()));
        append(store, other, new MessageSentEvent(other, "64b000000000000000000001", 2, "bob", "agreed",
                List.of(), null, Instant.now(), first));
        Instant after = between();

        JsonNode before = ok(messages(other, "at=" + beforeEdit)).path("messages");
        assertThat(before).hasSize(1);
        assertThat(before.get(0).path("content").asText()).isEqualTo("draft");
        assertThat(before.get(0).path("reactions")).isEmpty();
        assertThat(texts(before.get(0).path("deliveredTo"))).isEmpty();

        JsonNode now = ok(messages(other, "at=" + after)).path("messages");
        assertThat(seqs(ok(messages(other, "at=" + after)))).containsExactly(2L, 1L);
        JsonNode edited = now.get(1);
        assertThat(edited.path("content").asText()).isEqualTo("final");
        assertThat(edited.path("isEdited").asBoolean()).isTrue();
        assertThat(edited.path("editedAt").isNull()).isFalse();
        assertThat(edited.path("reactions").toString()).isEqualTo("[{\"emoji\":\"👍\",\"count\":1,\"users\":[\"bob\"]}]");
        assertThat(texts(edited.path("deliveredTo"))).containsExactly("bob");
        assertThat(texts(edited.path("readBy"))).isEmpty();
        assertThat(now.get(0).path("replyTo").toString()).isEqualTo("{\"id\":\"" + first
                + "\",\"sender\":\"alice\",\"content\":\"final\",\"isDeleted\":false}");
    }

    private static void append(EventStore store, String conversation, Object payload) {
        long next = store.lastSequenceNumberFor(conversation).orElse(-1L) + 1;
        store.publish(new GenericDomainEventMessage<>("ConversationAggregate", conversation, next, payload));
    }

    @Test
    void anUnknownConversationOrAnInstantBeforeItExistedIsNotFound() {
        for (Response response : List.of(
                state(group, beforeCreation),
                messages(group, "at=" + beforeCreation),
                state("0123456789abcdef01234567", afterDeletion),
                messages("0123456789abcdef01234567", "at=" + afterDeletion),
                state("not-an-id", afterDeletion))) {
            assertThat(response.status()).as(response.body().toString()).isEqualTo(404);
            assertThat(response.errorCode()).isEqualTo("not_found");
        }
    }

    @Test
    void badParametersAreRefused() {
        for (String query : List.of("", "at=", "at=yesterday", "at=2026-12-02", "at=" + enc("2026-12-02T10:00:00"),
                "at=" + afterDeletion + "&limit=0", "at=" + afterDeletion + "&limit=101",
                "at=" + afterDeletion + "&limit=" + enc("+5"), "at=" + afterDeletion + "&limit=x",
                "at=" + afterDeletion + "&before=-1", "at=" + afterDeletion + "&before=abc")) {
            Response response = messages(group, query);
            assertThat(response.status()).as(query).isEqualTo(400);
            assertThat(response.errorCode()).as(query).isEqualTo("validation_failed");
            assertThat(response.body().path("error").path("message").asText()).as(query).isNotBlank();
        }
        Response state = parley.admin("/api/admin/conversations/" + group + "/state?at=soon");
        assertThat(state.status()).isEqualTo(400);
        assertThat(state.errorCode()).isEqualTo("validation_failed");
        assertThat(ok(parley.admin("/api/admin/conversations/" + group + "/state?at="
                + enc(afterDeletion.atOffset(java.time.ZoneOffset.ofHours(2)).toString()))).path("isDeleted")
                .asBoolean()).as("an offset other than Z").isTrue();
    }

    @Test
    void onlyOperatorsMayAsk() {
        String path = "/api/admin/conversations/" + group + "/messages?at=" + afterDeletion;
        Response member = parley.get(ALICE, path);
        assertThat(member.status()).as("even a member of it").isEqualTo(403);
        assertThat(member.errorCode()).isEqualTo("forbidden");
        assertThat(parley.get("bob", "/api/admin/conversations/" + group + "/state?at=" + afterDeletion).status())
                .isEqualTo(403);
        Response anonymous = parley.sendWithToken(null, "GET", path, null);
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.errorCode()).isEqualTo("unauthorized");
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static JsonNode read(String line) {
        try {
            return JSON.readTree(line);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
