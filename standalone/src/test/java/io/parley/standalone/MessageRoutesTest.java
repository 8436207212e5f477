package io.parley.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.standalone.TestParley.Response;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every message route and rule of API.md, over HTTP against a running standalone and its real Kafka. */
class MessageRoutesTest {

    @RegisterExtension
    static final TestParley parley = TestParley.perClass(
            "--spring.servlet.multipart.max-file-size=64KB", "--spring.servlet.multipart.max-request-size=65KB");

    private final String alice = TestParley.uniqueUser("alice");
    private final String bob = TestParley.uniqueUser("bob");
    private final String carol = TestParley.uniqueUser("carol");

    private String group(String creator, String... others) {
        return parley.post(creator, "/api/conversation", "{\"participants\":[\"" + String.join("\",\"", others)
                + "\"],\"isGroup\":true,\"groupName\":\"g\"}").id();
    }

    private Response send(String user, String conversationId, String content) {
        return parley.post(user, "/api/message",
                "{\"conversationId\":\"" + conversationId + "\",\"content\":\"" + content + "\"}");
    }

    private long unread(String user, String conversationId) {
        return parley.get(user, "/api/conversation/" + conversationId).body().path("unreadCount").asLong();
    }

    private List<Long> seqs(Response page) {
        List<Long> seqs = new ArrayList<>();
        page.body().path("messages").forEach(message -> seqs.add(message.path("seq").asLong()));
        return seqs;
    }

    @Test
    void aSentMessageIsNumberedShownAndListed() {
        String conversation = group(alice, bob);
        Response sent = send(alice, conversation, "  hello  ");
        assertThat(sent.status()).isEqualTo(201);
        JsonNode message = sent.body();
        assertThat(message.path("_id").asText()).isEqualTo(message.path("id").asText()).matches("[0-9a-f]{24}");
        assertThat(message.path("conversation").asText()).isEqualTo(conversation);
        assertThat(message.path("sender").asText()).isEqualTo(alice);
        assertThat(message.path("content").asText()).isEqualTo("hello");
        assertThat(message.path("seq").asLong()).isEqualTo(1);
        assertThat(message.path("readBy")).isEmpty();
        assertThat(message.path("isDeleted").asBoolean()).isFalse();

        Response history = parley.get(bob, "/api/message/" + conversation);
        assertThat(history.body().path("messages").get(0)).isEqualTo(message);
        JsonNode listed = parley.get(bob, "/api/conversation").body().path("conversations").get(0);
        assertThat(listed.path("lastMessage")).isEqualTo(message);
        assertThat(listed.path("unreadCount").asLong()).isEqualTo(1);
    }

    @Test
    void readByListsEveryMemberWhoReadIt() {
        String conversation = group(alice, bob, carol);
        String first = send(alice, conversation, "one").id();
        String second = send(alice, conversation, "two").id();

        Response receipt = parley.put(bob, "/api/message/read/" + second);
        assertThat(receipt.status()).isEqualTo(200);
        assertThat(receipt.body().path("messageId").asText()).isEqualTo(second);
        assertThat(receipt.body().path("conversationId").asText()).isEqualTo(conversation);
        assertThat(receipt.body().path("readBy").asText()).isEqualTo(bob);
        assertThat(parley.put(carol, "/api/message/read/" + first).status()).isEqualTo(200);

        Response history = parley.get(alice, "/api/message/" + conversation);
        List<String> readSecond = new ArrayList<>();
        history.body().path("messages").get(0).path("readBy").forEach(node -> readSecond.add(node.asText()));
        List<String> readFirst = new ArrayList<>();
        history.body().path("messages").get(1).path("readBy").forEach(node -> readFirst.add(node.asText()));
        assertThat(readSecond).containsExactly(bob);
        assertThat(readFirst).containsExactly(bob, carol);

        Response again = parley.put(bob, "/api/message/read/" + first);
        assertThat(again.status()).as("marking an earlier one is idempotent").isEqualTo(200);
        assertThat(unread(bob, conversation)).isZero();
        assertThat(unread(carol, conversation)).as("the marker never moves back").isEqualTo(1);
    }

    @Test
    void unreadCountsFollowSendsReadsDeletesAndMembership() {
        String conversation = group(alice, bob);
        send(alice, conversation, "a1");
        String a2 = send(alice, conversation, "a2").id();
        send(bob, conversation, "b1");
        assertThat(unread(bob, conversation)).isEqualTo(2);
        assertThat(unread(alice, conversation)).isEqualTo(1);

        assertThat(parley.delete(alice, "/api/message/" + a2).status()).isEqualTo(200);
        assertThat(unread(bob, conversation)).as("deleted ones do not count").isEqualTo(1);

        parley.post(alice, "/api/conversation/participant/add",
                "{\"conversationId\":\"" + conversation + "\",\"userId\":\"" + carol + "\"}");
        assertThat(unread(carol, conversation)).as("nothing from before joining").isZero();
        String a3 = send(alice, conversation, "a3").id();
        assertThat(unread(carol, conversation)).isEqualTo(1);
        assertThat(unread(bob, conversation)).isEqualTo(2);

        parley.put(bob, "/api/message/read/" + a3);
        assertThat(unread(bob, conversation)).isZero();
        assertThat(unread(alice, conversation)).isEqualTo(1);
    }

    @Test
    void tenConcurrentSendersGetSeqsWithNoGapAndNoRepeat() throws Exception {
        List<String> senders = IntStream.range(0, 10).mapToObj(i -> "sender" + i + "-" + alice).toList();
        String conversation = group(alice, senders.toArray(String[]::new));
        int perSender = 10;
        ExecutorService pool = Executors.newFixedThreadPool(10);
        try {
            List<Callable<List<Long>>> work = senders.stream().<Callable<List<Long>>>map(sender -> () -> {
                List<Long> seqs = new ArrayList<>();
                for (int i = 0; i < perSender; i++) {
                    Response sent = send(sender, conversation, "m" + i);
                    assertThat(sent.status()).isEqualTo(201);
                    seqs.add(sent.body().path("seq").asLong());
                }
                return seqs;
            }).toList();
            List<Long> all = new ArrayList<>();
            for (Future<List<Long>> result : pool.invokeAll(work)) {
                all.addAll(result.get());
            }
            Collections.sort(all);
            assertThat(all).containsExactlyElementsOf(LongStream.rangeClosed(1, 100).boxed().toList());
        } finally {
            pool.shutdownNow();
        }
        Response history = parley.get(alice, "/api/message/" + conversation + "?limit=100");
        assertThat(seqs(history)).containsExactlyElementsOf(LongStream.iterate(100, s -> s - 1).limit(100).boxed().toList());
    }

    @Test
    void aRetryWithTheSameClientMessageIdReturnsTheFirst() {
        String conversation = group(alice, bob);
        String body = "{\"conversationId\":\"" + conversation + "\",\"content\":\"once\",\"clientMessageId\":\"tap-1\"}";
        Response first = parley.post(alice, "/api/message", body);
        Response retry = parley.post(alice, "/api/message", body);
        assertThat(first.status()).isEqualTo(201);
        assertThat(retry.status()).isEqualTo(200);
        assertThat(retry.body()).isEqualTo(first.body());
        Response bobsOwn = parley.post(bob, "/api/message", body);
        assertThat(bobsOwn.status()).as("the key is per sender").isEqualTo(201);
        assertThat(seqs(parley.get(alice, "/api/message/" + conversation))).containsExactly(2L, 1L);
    }

    @Test
    void historyPagesWithSkipAndCursors() {
        String conversation = group(alice, bob);
        for (int i = 1; i <= 7; i++) {
            send(i % 2 == 0 ? bob : alice, conversation, "m" + i);
        }
        String base = "/api/message/" + conversation;
        Response newest = parley.get(bob, base + "?limit=3");
        assertThat(seqs(newest)).containsExactly(7L, 6L, 5L);
        assertThat(newest.body().path("hasMore").asBoolean()).isTrue();
        assertThat(seqs(parley.get(bob, base + "?limit=3&skip=3"))).containsExactly(4L, 3L, 2L);
        Response before = parley.get(bob, base + "?limit=3&before=3");
        assertThat(seqs(before)).containsExactly(2L, 1L);
        assertThat(before.body().path("hasMore").asBoolean()).isFalse();
        Response after = parley.get(bob, base + "?limit=3&after=2");
        assertThat(seqs(after)).containsExactly(3L, 4L, 5L);
        assertThat(after.body().path("hasMore").asBoolean()).isTrue();
        Response tail = parley.get(bob, base + "?after=5");
        assertThat(seqs(tail)).containsExactly(6L, 7L);
        assertThat(tail.body().path("hasMore").asBoolean()).isFalse();

        for (String bad : List.of("?limit=0", "?limit=101", "?skip=2&before=5", "?before=3&after=1", "?after=x",
                "?skip=-1", "?limit=ten")) {
            Response response = parley.get(bob, base + bad);
            assertThat(response.status()).as(bad).isEqualTo(400);
            assertThat(response.errorCode()).as(bad).isEqualTo("validation_failed");
        }
    }

    @Test
    void membersSeeMessagesFromJoiningAndRemovedMembersNothing() {
        String conversation = group(alice, bob);
        send(alice, conversation, "before carol");
        parley.post(alice, "/api/conversation/participant/add",
                "{\"conversationId\":\"" + conversation + "\",\"userId\":\"" + carol + "\"}");
        send(bob, conversation, "after carol");

        Response carols = parley.get(carol, "/api/message/" + conversation);
        assertThat(seqs(carols)).containsExactly(2L);
        assertThat(carols.body().path("hasMore").asBoolean()).isFalse();
        assertThat(seqs(parley.get(carol, "/api/message/" + conversation + "?after=0"))).containsExactly(2L);

        parley.post(alice, "/api/conversation/participant/remove",
                "{\"conversationId\":\"" + conversation + "\",\"userId\":\"" + bob + "\"}");
        assertThat(parley.get(bob, "/api/message/" + conversation).status()).isEqualTo(404);
        Response bobSends = send(bob, conversation, "still here?");
        assertThat(bobSends.status()).isEqualTo(404);
    }

    @Test
    void deletedMessagesStayAsTombstonesForTheSenderOnly() {
        String conversation = group(alice, bob);
        String message = send(alice, conversation, "oops").id();
        Response byBob = parley.delete(bob, "/api/message/" + message);
        assertThat(byBob.status()).isEqualTo(403);
        assertThat(byBob.errorCode()).isEqualTo("forbidden");

        Response deleted = parley.delete(alice, "/api/message/" + message);
        assertThat(deleted.status()).isEqualTo(200);
        assertThat(deleted.body().path("isDeleted").asBoolean()).isTrue();
        Response again = parley.delete(alice, "/api/message/" + message);
        assertThat(again.body()).as("a repeat answers the same").isEqualTo(deleted.body());

        JsonNode tombstone = parley.get(bob, "/api/message/" + conversation).body().path("messages").get(0);
        assertThat(tombstone.path("id").asText()).isEqualTo(message);
        assertThat(tombstone.path("isDeleted").asBoolean()).isTrue();
        assertThat(tombstone.path("content").asText()).isEmpty();
        assertThat(tombstone.path("attachments")).isEmpty();
        assertThat(tombstone.path("deletedAt").asText()).isEqualTo(deleted.body().path("deletedAt").asText());
        assertThat(parley.get(bob, "/api/conversation/" + conversation).body().path("lastMessage").isNull()).isTrue();
    }

    @Test
    void sendingToADeletedConversationIsGone() {
        String conversation = group(alice, bob);
        parley.delete(alice, "/api/conversation/" + conversation);
        Response response = send(bob, conversation, "hello?");
        assertThat(response.status()).isEqualTo(410);
        assertThat(response.errorCode()).isEqualTo("conversation_deleted");
    }

    @Test
    void attachmentsAreSharedThroughMessagesOnly() {
        String conversation = group(alice, bob);
        byte[] bytes = "a picture".getBytes(StandardCharsets.UTF_8);
        Response uploaded = parley.upload(alice, "cat.png", "image/png", bytes);
        assertThat(uploaded.status()).isEqualTo(201);
        String attachment = uploaded.id();
        assertThat(uploaded.body().path("name").asText()).isEqualTo("cat.png");
        assertThat(uploaded.body().path("size").asLong()).isEqualTo(bytes.length);
        assertThat(uploaded.body().path("uploadedBy").asText()).isEqualTo(alice);

        assertThat(parley.download(alice, "/api/attachment/" + attachment).body()).isEqualTo(bytes);
        assertThat(parley.download(bob, "/api/attachment/" + attachment).statusCode()).isEqualTo(404);

        Response bobsAttempt = parley.post(bob, "/api/message", "{\"conversationId\":\"" + conversation
                + "\",\"content\":\"mine\",\"attachments\":[\"" + attachment + "\"]}");
        assertThat(bobsAttempt.status()).as("only one's own uploads").isEqualTo(400);

        Response sent = parley.post(alice, "/api/message", "{\"conversationId\":\"" + conversation
                + "\",\"attachments\":[\"" + attachment + "\"]}");
        assertThat(sent.status()).isEqualTo(201);
        HttpResponse<byte[]> forBob = parley.download(bob, "/api/attachment/" + attachment);
        assertThat(forBob.statusCode()).isEqualTo(200);
        assertThat(forBob.body()).isEqualTo(bytes);
        assertThat(forBob.headers().firstValue("Content-Type")).hasValue("image/png");
        assertThat(parley.download(carol, "/api/attachment/" + attachment).statusCode()).isEqualTo(404);

        parley.delete(alice, "/api/message/" + sent.id());
        assertThat(parley.download(bob, "/api/attachment/" + attachment).statusCode())
                .as("a deleted message shares nothing").isEqualTo(404);
        assertThat(parley.download(alice, "/api/attachment/" + attachment).statusCode()).isEqualTo(200);

        Response tooLarge = parley.upload(alice, "big.bin", "application/octet-stream", new byte[70 * 1024]);
        assertThat(tooLarge.status()).isEqualTo(413);
        assertThat(tooLarge.errorCode()).isEqualTo("payload_too_large");
    }

    @Test
    void badMessageInputIsRefusedAndNothingIsWritten() {
        String conversation = group(alice, bob);
        String c = "\"conversationId\":\"" + conversation + "\"";
        String elevenAttachments = IntStream.range(0, 11).mapToObj(i -> "\"" + "a".repeat(23) + i + "\"")
                .reduce((a, b) -> a + "," + b).orElseThrow();
        List<String[]> cases = List.of(
                new String[] {"{" + c + ",\"content\":\"\"}", "empty content"},
                new String[] {"{" + c + ",\"content\":\"   \"}", "whitespace content"},
                new String[] {"{" + c + ",\"content\":\"" + "x".repeat(10_001) + "\"}", "over 10,000 characters"},
                new String[] {"{" + c + ",\"content\":\"x\",\"attachments\":[" + elevenAttachments + "]}", "11 attachments"},
                new String[] {"{" + c + ",\"content\":\"x\",\"attachments\":[\"" + "b".repeat(24) + "\"]}", "unknown attachment"},
                new String[] {"{" + c + ",\"content\":\"x\",\"attachments\":[\"nope\"]}", "malformed attachment id"},
                new String[] {"{" + c + ",\"content\":42}", "content not a string"},
                new String[] {"{" + c + ",\"content\":\"x\",\"attachments\":\"a\"}", "attachments not an array"},
                new String[] {"{" + c + ",\"content\":\"x\",\"clientMessageId\":7}", "clientMessageId not a string"},
                new String[] {"{\"conversationId\":\"zzz\",\"content\":\"x\"}", "malformed conversation id"},
                new String[] {"{\"content\":\"x\"}", "missing conversation id"},
                new String[] {"{" + c + ",\"content\":", "malformed JSON"});
        for (String[] badCase : cases) {
            Response response = parley.post(alice, "/api/message", badCase[0]);
            assertThat(response.status()).as(badCase[1]).isEqualTo(400);
            assertThat(response.errorCode()).as(badCase[1]).isEqualTo("validation_failed");
        }
        assertThat(send(alice, conversation, "x".repeat(10_000)).status()).isEqualTo(201);
        assertThat(seqs(parley.get(alice, "/api/message/" + conversation))).as("nothing half-written").containsExactly(1L);

        String stranger = "mallory-" + alice;
        assertThat(send(stranger, conversation, "let me in").status()).isEqualTo(404);
        assertThat(parley.get(stranger, "/api/message/" + conversation).status()).isEqualTo(404);
        String message = parley.get(alice, "/api/message/" + conversation).body().path("messages").get(0).path("id").asText();
        assertThat(parley.put(stranger, "/api/message/read/" + message).status()).isEqualTo(404);
        assertThat(parley.delete(stranger, "/api/message/" + message).status()).isEqualTo(404);
        assertThat(parley.put(alice, "/api/message/read/" + "c".repeat(24)).status()).isEqualTo(404);
        assertThat(parley.put(alice, "/api/message/read/not-an-id").status()).isEqualTo(404);
        assertThat(parley.get(alice, "/api/message/" + "d".repeat(24)).status()).isEqualTo(404);
    }
}
