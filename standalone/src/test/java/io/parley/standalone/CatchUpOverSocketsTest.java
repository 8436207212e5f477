package io.parley.standalone;

import static io.parley.standalone.CatchUpClient.assertInOrderOnce;
import static io.parley.standalone.CatchUpClient.contents;
import static io.parley.standalone.CatchUpClient.heard;
import static io.parley.standalone.CatchUpClient.indexOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import io.parley.standalone.CatchUpClient.Heard;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Offline delivery with the real socket.io-client: a member who was away reconnects with the last cursor it saw and
 * hears exactly what it missed, in order, then sync_complete, then live events; with no hole and no repeat at the
 * seam, even while messages keep coming during the replay.
 */
class CatchUpOverSocketsTest {

    private static final Duration LIMIT = Duration.ofSeconds(60);

    @RegisterExtension
    static final TestParley parley = TestParley.perClass();

    private static NodeClients clients;
    private CatchUpClient bobs;

    private final String alice = TestParley.uniqueUser("alice");
    private final String bob = TestParley.uniqueUser("bob");
    private final String carol = TestParley.uniqueUser("carol");

    @BeforeAll
    static void clients() {
        clients = new NodeClients("http://localhost:" + parley.running().port());
    }

    @BeforeEach
    void bobsClient() {
        bobs = new CatchUpClient(clients, bob, LIMIT);
    }

    private String group() {
        return parley.post(alice, "/api/conversation", "{\"participants\":[\"" + bob + "\",\"" + carol
                + "\"],\"isGroup\":true,\"groupName\":\"away\"}").id();
    }

    private TestParley.Response send(String conversation, String content) {
        TestParley.Response sent = parley.post(alice, "/api/message",
                "{\"conversationId\":\"" + conversation + "\",\"content\":\"" + content + "\"}");
        assertThat(sent.status()).as("send %s: %s", content, sent.body()).isEqualTo(201);
        return sent;
    }

    private static List<Heard> before(List<Heard> heard, String event) {
        return heard.subList(0, indexOf(heard, event));
    }

    @Test
    void aMemberWhoWasAwayHearsExactlyWhatItMissedThenLiveEvents() {
        String conversation = group();
        send(conversation, "before");
        String cursor = bobs.cursorAfter("before");

        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= 500; i++) {
            ids.add(send(conversation, "m" + i).id());
        }
        for (int i : List.of(100, 200, 300)) {
            assertThat(parley.put(carol, "/api/message/read/" + ids.get(i - 1)).status()).isEqualTo(200);
        }
        assertThat(parley.delete(alice, "/api/message/" + ids.get(249)).status()).isEqualTo(200);

        NodeClients.Run back = bobs.start("polling", cursor, "live");
        String synced = back.awaitLine("synced").path("synced").asText();
        send(conversation, "live");
        List<Heard> heard = heard(back.result());

        List<Heard> missed = before(heard, "sync_complete");
        assertThat(missed).extracting(Heard::event).containsExactlyElementsOf(expectedMissed());
        assertThat(missed.subList(0, 500)).extracting(Heard::content)
                .containsExactlyElementsOf(IntStream.rangeClosed(1, 500).mapToObj(i -> "m" + i).toList());
        assertThat(synced).as("sync_complete names the last event replayed").isEqualTo(missed.get(503).cursor());
        assertThat(heard.subList(missed.size() + 1, heard.size())).extracting(Heard::event, Heard::content)
                .as("then live").containsExactly(tuple("new_message", "live"));
        assertInOrderOnce(heard);
        assertThat(missed.get(0).cursor().compareTo(cursor)).as("after the cursor it came back with").isPositive();
    }

    private static List<String> expectedMissed() {
        List<String> events = new ArrayList<>(Collections.nCopies(500, "new_message"));
        events.addAll(List.of("message_read", "message_read", "message_read", "message_deleted"));
        return events;
    }

    @Test
    void theSeamBetweenReplayAndLiveHasNoHoleAndNoRepeatWhileMessagesKeepComing() {
        String conversation = group();
        send(conversation, "before");
        String cursor = bobs.cursorAfter("before");
        for (int i = 1; i <= 300; i++) {
            send(conversation, "m" + i);
        }

        CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> {
            for (int i = 301; i <= 500; i++) {
                send(conversation, "m" + i);
            }
        });
        NodeClients.Run back = bobs.start("websocket", cursor, "last");
        sending.join();
        send(conversation, "last");
        List<Heard> heard = heard(back.result());

        List<String> expected = new ArrayList<>(IntStream.rangeClosed(1, 500).mapToObj(i -> "m" + i).toList());
        expected.add("last");
        assertThat(contents(heard)).containsExactlyElementsOf(expected);
        assertThat(heard).extracting(Heard::event).containsOnlyOnce("sync_complete");
        assertInOrderOnce(heard);
        int seam = indexOf(heard, "sync_complete");
        assertThat(seam).as("replayed more than the 300 sent before the reconnect").isGreaterThan(300);
        assertThat(heard.size() - seam).as("and heard some of the ongoing sends live").isGreaterThan(2);
    }

    @Test
    void aClientWithoutACursorStartsAtTheHeadAndABadCursorIsRefusedWithAReason() {
        String conversation = group();
        send(conversation, "before");
        bobs.cursorAfter("before");

        List<Heard> fresh = heard(bobs.start("websocket", null, null).result());
        assertThat(fresh).extracting(Heard::event).containsExactly("sync_complete");

        List<Heard> refused = heard(bobs.start("websocket", "not-a-cursor", null).result());
        assertThat(refused).extracting(Heard::event).containsExactly("error", "sync_complete");
        assertThat(refused.get(1).cursor()).isEqualTo(fresh.get(0).cursor());
    }
}
