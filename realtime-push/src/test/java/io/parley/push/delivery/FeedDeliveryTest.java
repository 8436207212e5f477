package io.parley.push.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.parley.kernel.error.ParleyException;
import io.parley.push.feed.AppendedEvent;
import io.parley.push.feed.Cursors;
import io.parley.push.feed.FeedStream;
import io.parley.push.feed.FeedTestbed;
import io.parley.testing.InMemoryMongo;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One connection hears what its user hears of the feed stream in order, from its cursor, with no hole and no repeat
 * at the seam, while other conversations (which it does not hear) fill the positions between.
 */
class FeedDeliveryTest {

    record Emitted(String event, JsonNode payload) {
        long position() {
            return Cursors.position(payload.get("cursor").asText());
        }
    }

    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule());
    private final List<Emitted> emitted = new ArrayList<>();
    @RegisterExtension
    final InMemoryMongo inMemoryMongo = new InMemoryMongo();
    private FeedTestbed feed;
    private FeedStream stream;
    private FeedDelivery delivery;
    private String bobs;
    private String others;

    @BeforeEach
    void setUp() {
        feed = new FeedTestbed(inMemoryMongo.connectionString(), json);
        stream = feed.stream();
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
        delivery = new FeedDelivery("socket-b1", "bob", stream, sink, json);
        bobs = feed.create(List.of("alice", "bob"));
        others = feed.create(List.of("alice", "carol"));
    }

    /** {@code count} messages to bob's conversation, each after one to a conversation bob is not in. */
    private List<AppendedEvent> send(int count) {
        List<AppendedEvent> toBob = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            feed.send(others, "alice", null);
            toBob.add(feed.send(bobs, "alice", null));
        }
        return toBob;
    }

    private void live(AppendedEvent appended) {
        delivery.live(new Framed(appended.event()), appended.continuousSince());
    }

    /** As a node's reader that has had every record since the start. */
    private static AppendedEvent continuous(AppendedEvent appended) {
        return new AppendedEvent(appended.event(), appended.recipients(), 1);
    }

    private List<Long> delivered() {
        return emitted.stream().filter(e -> !e.event().equals("sync_complete") && !e.event().equals("error"))
                .map(Emitted::position).toList();
    }

    private static List<Long> positions(List<AppendedEvent> appended) {
        return appended.stream().map(a -> a.event().position()).toList();
    }

    @Test
    void canReplayFromACursorThenCompleteThenGoLive() {
        List<AppendedEvent> sent = send(1200);
        delivery.start(sent.get(2).event().cursor());
        AppendedEvent next = continuous(send(1).get(0));
        live(next);

        List<Long> expected = new ArrayList<>(positions(sent.subList(3, 1200)));
        expected.add(next.event().position());
        assertThat(delivered()).containsExactlyElementsOf(expected);
        assertThat(emitted.get(1197)).extracting(Emitted::event).isEqualTo("sync_complete");
        assertThat(emitted.get(1197).payload().get("cursor").asText())
                .as("the head of the stream when it read it").isEqualTo(sent.get(1199).event().cursor());
        assertThat(emitted.get(0).payload().get("eventId").asText()).isEqualTo(sent.get(3).event().eventId());
    }

    @Test
    void canStartAtTheHeadWithoutACursor() {
        send(5);
        feed.send(others, "alice", null);
        delivery.start(null);
        assertThat(emitted).singleElement().satisfies(only -> {
            assertThat(only.event()).isEqualTo("sync_complete");
            assertThat(only.position()).isEqualTo(stream.head()).isEqualTo(13);
        });
    }

    @Test
    void cannotRepeatOrSkipAnEventAtTheSeam() {
        List<AppendedEvent> before = send(10);
        List<AppendedEvent> duringReplay = send(3);
        delivery.start("0");
        // the events stored during the replay arrive live after it; the replay read them already
        duringReplay.stream().map(FeedDeliveryTest::continuous).forEach(this::live);
        List<AppendedEvent> after = send(3);
        // a record that overtook two still on their way: this node's reader saw a hole before it
        live(new AppendedEvent(after.get(2).event(), after.get(2).recipients(), after.get(2).event().position()));
        live(continuous(after.get(0)));
        live(continuous(after.get(1)));

        List<Long> expected = new ArrayList<>(List.of(1L));
        expected.addAll(positions(before));
        expected.addAll(positions(duringReplay));
        expected.addAll(positions(after));
        assertThat(delivered()).containsExactlyElementsOf(expected);
    }

    @Test
    void canSyncBackBeforeTheConnectionStartedWithoutRepeatingWhatItHad() {
        List<AppendedEvent> sent = send(5);
        delivery.start(null);
        AppendedEvent later = continuous(send(1).get(0));
        live(later);
        emitted.clear();

        delivery.sync(sent.get(1).event().cursor());

        assertThat(delivered()).as("the three it missed, not the one it had")
                .containsExactlyElementsOf(positions(sent.subList(2, 5)));
        assertThat(emitted).last().extracting(Emitted::event).isEqualTo("sync_complete");
    }

    @Test
    void canTellTheSendingConnectionItsOwnMessageAsSent() {
        feed.send(bobs, "bob", "socket-b1");
        feed.send(bobs, "bob", "socket-b2");
        delivery.start("0");

        assertThat(emitted).extracting(Emitted::event)
                .containsExactly("conversation_created", "message_sent", "new_message", "sync_complete");
        assertThat(emitted.get(1).payload().has("conversation")).isFalse();
        assertThat(emitted.get(1).payload().has("cursor")).isTrue();
        assertThat(emitted.get(2).payload().has("conversation")).isTrue();
    }

    @Test
    void cannotSyncFromACursorThatIsNoPlaceInTheStream() {
        send(2);
        delivery.start(null);
        assertThatThrownBy(() -> delivery.sync(Cursors.of(99))).isInstanceOf(ParleyException.class);
        assertThatThrownBy(() -> delivery.sync("yesterday")).isInstanceOf(ParleyException.class);
        assertThatThrownBy(() -> delivery.sync("0000000000000003")).isInstanceOf(ParleyException.class)
                .hasMessageContaining("earlier per-user feed");
    }

    @Test
    void canRefuseABadCursorAtConnectAndStartAtTheHead() {
        send(2);
        delivery.start(Cursors.of(70));
        assertThat(emitted).extracting(Emitted::event).containsExactly("error", "sync_complete");
        assertThat(emitted.get(1).position()).isEqualTo(stream.head());
    }

    @Test
    void canCatchUpAMemberOfFewConversationsAmongMany() {
        List<String> crowd = IntStream.range(0, 200).mapToObj(i -> feed.create(List.of("alice", "carol"))).toList();
        long cursor = stream.head();
        List<AppendedEvent> toBob = new ArrayList<>();
        for (int round = 0; round < 5; round++) {
            crowd.forEach(conversation -> feed.send(conversation, "carol", null));
            toBob.add(feed.send(bobs, "carol", null));
        }
        feed.reads().set(0);
        delivery.start(Cursors.of(cursor));

        assertThat(delivered()).containsExactlyElementsOf(positions(toBob));
        assertThat(feed.reads().get()).as("reads of the store, however many events others had meanwhile")
                .isLessThan(40);
    }
}
