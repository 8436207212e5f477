package io.parley.push.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.kernel.error.ParleyException;
import io.parley.push.feed.AppendedEvent;
import io.parley.push.feed.Cursors;
import io.parley.push.feed.FeedEntry;
import io.parley.push.feed.FeedEvent;
import io.parley.push.feed.UserFeeds;
import io.parley.testing.InMemoryMongo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.data.mongodb.core.MongoTemplate;

/** One connection hears its user's feed in order, from its cursor, with no hole and no repeat at the seam. */
class FeedDeliveryTest {

    record Emitted(String event, JsonNode payload) {
        long seq() {
            return Long.parseLong(payload.get("cursor").asText());
        }
    }

    private final ObjectMapper json = new ObjectMapper();
    private final List<Emitted> emitted = new ArrayList<>();
    @RegisterExtension
    final InMemoryMongo inMemoryMongo = new InMemoryMongo();
    private UserFeeds feeds;
    private FeedDelivery delivery;

    @BeforeEach
    void setUp() {
        feeds = new UserFeeds(inMemoryMongo.template());
        PushSink sink = new PushSink() {
            @Override
            public void emit(String connectionId, String event, Object payload) {
                try {
                    // as the socket glue does: whatever the payload, its JSON text goes on the wire
                    emitted.add(new Emitted(event, json.readTree(json.writeValueAsString(payload))));
                } catch (JsonProcessingException e) {
                    throw new IllegalStateException(e);
                }
            }

            @Override
            public void enqueue(String connectionId, Runnable task) {
                task.run();
            }
        };
        delivery = new FeedDelivery("socket-b1", "bob", feeds, sink, json);
    }

    private List<FeedEntry> append(int count) {
        List<FeedEntry> entries = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            entries.add(append("e" + (feeds.head("bob") + 1), null));
        }
        return entries;
    }

    private FeedEntry append(String eventId, String origin) {
        FeedEvent event = new FeedEvent(eventId, "c1", "new_message", origin,
                "{\"message\":{\"content\":\"m\"},\"conversation\":{}}");
        feeds.keep(event);
        return new AppendedEvent(event, Map.of("bob", feeds.append("bob", eventId))).entryOf("bob");
    }

    private List<Long> deliveredSeqs() {
        return emitted.stream().filter(e -> !e.event().equals("sync_complete")).map(Emitted::seq).toList();
    }

    private static List<Long> range(long from, long to) {
        return LongStream.rangeClosed(from, to).boxed().toList();
    }

    @Test
    void canReplayFromACursorThenCompleteThenGoLive() {
        append(1200);
        delivery.start(Cursors.of(3));
        FeedEntry next = append(1).get(0);
        delivery.live(next);

        assertThat(deliveredSeqs()).containsExactlyElementsOf(range(4, 1201));
        assertThat(emitted.get(1197)).extracting(Emitted::event).isEqualTo("sync_complete");
        assertThat(emitted.get(1197).payload().get("cursor").asText()).isEqualTo(Cursors.of(1200));
        assertThat(emitted.get(0).payload().get("eventId").asText()).isEqualTo("e4");
    }

    @Test
    void canStartAtTheHeadWithoutACursor() {
        append(5);
        delivery.start(null);
        assertThat(emitted).singleElement().satisfies(only -> {
            assertThat(only.event()).isEqualTo("sync_complete");
            assertThat(only.payload().get("cursor").asText()).isEqualTo(Cursors.of(5));
        });
    }

    @Test
    void cannotRepeatOrSkipAnEntryAtTheSeam() {
        append(10);
        List<FeedEntry> duringReplay = append(3);
        delivery.start(Cursors.of(0));
        // the entries appended during the replay arrive live after it; one was read by the replay already
        duringReplay.forEach(delivery::live);
        List<FeedEntry> after = append(3);
        delivery.live(after.get(2));  // ahead of two still on their way
        delivery.live(after.get(0));
        delivery.live(after.get(1));

        assertThat(deliveredSeqs()).containsExactlyElementsOf(range(1, 16));
    }

    @Test
    void canSyncBackBeforeTheConnectionStartedWithoutRepeatingWhatItHad() {
        append(5);
        delivery.start(null);
        delivery.live(append(1).get(0));
        emitted.clear();

        delivery.sync(Cursors.of(2));

        assertThat(deliveredSeqs()).as("3..5 it missed, not 6 it had").containsExactly(3L, 4L, 5L);
        assertThat(emitted).last().extracting(Emitted::event).isEqualTo("sync_complete");
    }

    @Test
    void canTellTheSendingConnectionItsOwnMessageAsSent() {
        append("e1", "socket-b1");
        append("e2", "socket-b2");
        delivery.start(Cursors.of(0));

        assertThat(emitted.get(0).event()).isEqualTo("message_sent");
        assertThat(emitted.get(0).payload().has("conversation")).isFalse();
        assertThat(emitted.get(1).event()).isEqualTo("new_message");
        assertThat(emitted.get(1).payload().has("conversation")).isTrue();
    }

    @Test
    void cannotSyncFromACursorThatIsNoPlaceInTheFeed() {
        append(2);
        delivery.start(null);
        assertThatThrownBy(() -> delivery.sync(Cursors.of(9))).isInstanceOf(ParleyException.class);
        assertThatThrownBy(() -> delivery.sync("yesterday")).isInstanceOf(ParleyException.class);
    }

    @Test
    void canRefuseABadCursorAtConnectAndStartAtTheHead() {
        append(2);
        delivery.start(Cursors.of(7));
        assertThat(emitted).extracting(Emitted::event).containsExactly("error", "sync_complete");
        assertThat(emitted.get(1).payload().get("cursor").asText()).isEqualTo(Cursors.of(2));
    }
}
