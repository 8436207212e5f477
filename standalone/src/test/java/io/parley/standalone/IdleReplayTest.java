package io.parley.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.standalone.TestParley.Response;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A replay of the read model finishes on a server where nothing is sent meanwhile, with the event topic's records on
 * some partitions only (one of them holding a single record, at offset 0): the rebuild switches over within a few
 * seconds instead of waiting for new messages to move the live processor; also right after a restart.
 */
class IdleReplayTest {

    private static final String REPLAY = "/api/admin/projections/conversations/replay";
    private static final String STATUS = "/api/admin/projections/conversations";
    /** A switch takes a second or two here; a stall retries every few seconds until something is sent. */
    private static final Duration SWITCH_LIMIT = Duration.ofSeconds(30);

    @TempDir
    Path dataDir;

    private final String alice = TestParley.uniqueUser("alice");

    /**
     * A conversation with a message (two records on one partition), then conversations of one record each until a
     * partition holds exactly one record while another is still empty.
     */
    private List<String> fewPartitions(TestParley parley) {
        List<String> conversations = new ArrayList<>();
        String first = parley.post(alice, "/api/conversation", "{\"participants\":[\"bob\"]}").id();
        conversations.add(first);
        assertThat(parley.post(alice, "/api/message",
                "{\"conversationId\":\"" + first + "\",\"content\":\"hi\"}").status()).isEqualTo(201);
        for (int i = 0; i < 20 && !shaped(parley); i++) {
            int records = conversations.size() + 1;
            conversations.add(parley.post(alice, "/api/conversation", "{\"participants\":[\"u" + i + "\"]}").id());
            await().atMost(SWITCH_LIMIT).until(() -> endOffsets(parley).stream().mapToLong(Long::longValue).sum()
                    >= records + 1);
        }
        assertThat(shaped(parley)).as("records on some partitions only, one of them at offset 0 only: %s",
                endOffsets(parley)).isTrue();
        return conversations;
    }

    private static boolean shaped(TestParley parley) {
        List<Long> offsets = endOffsets(parley);
        return offsets.contains(1L) && offsets.contains(0L);
    }

    private static List<Long> endOffsets(TestParley parley) {
        JsonNode topics = parley.admin("/api/admin/topics").body().path("topics");
        List<Long> offsets = new ArrayList<>();
        for (JsonNode topic : topics) {
            if (topic.path("name").asText().equals("parley.events")) {
                topic.path("endOffsets").forEach(end -> offsets.add(end.asLong()));
            }
        }
        return offsets;
    }

    private static void replayAndAwaitTheSwitch(TestParley parley, int generation) {
        Response started = parley.sendWithToken(TestParley.adminToken("ops"), "POST", REPLAY, null);
        assertThat(started.status()).as("%s", started.body()).isEqualTo(202);
        await().atMost(SWITCH_LIMIT).pollInterval(Duration.ofMillis(50)).until(() -> {
            JsonNode status = parley.admin(STATUS).body();
            return status.path("generation").asInt() == generation && status.path("state").asText().equals("live");
        });
    }

    @Test
    void aReplayFinishesWhileNothingIsSent() {
        try (TestParley parley = TestParley.start(dataDir)) {
            List<String> conversations = fewPartitions(parley);
            JsonNode before = parley.get(alice, "/api/conversation").body();

            replayAndAwaitTheSwitch(parley, 2);

            assertThat(parley.get(alice, "/api/conversation").body()).isEqualTo(before);
            assertThat(conversations).allSatisfy(id ->
                    assertThat(parley.get(alice, "/api/conversation/" + id).status()).isEqualTo(200));
            replayAndAwaitTheSwitch(parley, 3);
        }
    }

    /**
     * Messages sent round the conversations interleave in time across partitions: the shape that made a rebuild,
     * having read every record, report a position short of the live processor's and wait for new messages.
     */
    @Test
    void aReplayFinishesWhileNothingIsSentAfterTrafficInterleavedAcrossPartitions() {
        try (TestParley parley = TestParley.start(dataDir)) {
            List<String> conversations = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                conversations.add(parley.post(alice, "/api/conversation", "{\"participants\":[\"p" + i + "\"]}").id());
            }
            for (int round = 0; round < 3; round++) {
                for (String conversation : conversations) {
                    assertThat(parley.post(alice, "/api/message", "{\"conversationId\":\"" + conversation
                            + "\",\"content\":\"r" + round + "\"}").status()).isEqualTo(201);
                }
            }
            JsonNode before = parley.get(alice, "/api/conversation").body();

            replayAndAwaitTheSwitch(parley, 2);
            replayAndAwaitTheSwitch(parley, 3);

            assertThat(parley.get(alice, "/api/conversation").body()).isEqualTo(before);
        }
    }

    @Test
    void aReplayRightAfterARestartFinishesWhileNothingIsSent() {
        JsonNode before;
        try (TestParley parley = TestParley.start(dataDir)) {
            fewPartitions(parley);
            before = parley.get(alice, "/api/conversation").body();
        }
        try (TestParley parley = TestParley.start(dataDir)) {
            replayAndAwaitTheSwitch(parley, 2);
            assertThat(parley.get(alice, "/api/conversation").body()).isEqualTo(before);
        }
    }
}
