package io.parley.command.eventstore;

import static io.parley.command.eventstore.TrackingReads.event;
import static io.parley.command.eventstore.TrackingReads.last;
import static io.parley.command.eventstore.TrackingReads.payloads;
import static io.parley.command.eventstore.TrackingReads.spiedStore;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.Mockito.clearInvocations;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import io.parley.testing.InMemoryMongo;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.extensions.mongo.eventsourcing.eventstore.MongoEventStorageEngine;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The head served from memory is what the store's own tracking query returns for the same token. */
class HeadCachingEventStorageEngineTest {

    private static final Duration LOOK_BACK = Duration.ofSeconds(1);

    @RegisterExtension
    final InMemoryMongo inMemoryMongo = new InMemoryMongo();
    private MongoEventStorageEngine store;
    /** Events "happen" a few seconds ahead, so their look-back windows lie after the engine's start. */
    private final Instant base = Instant.now().plusSeconds(5);

    @BeforeEach
    void setUp() {
        store = spiedStore(inMemoryMongo);
    }

    @Test
    void canServeTheHeadFromMemoryAsTheStoreWould() {
        HeadCachingEventStorageEngine engine = new HeadCachingEventStorageEngine(store, LOOK_BACK, 1000);
        engine.appendEvents(List.of(event("a", 0, base), event("b", 0, base.plusMillis(1))));
        engine.appendEvents(List.of(event("a", 1, base.plusMillis(5))));
        TrackingToken position = last(engine.readEvents(null, false));

        engine.appendEvents(List.of(event("b", 1, base.plusMillis(7)), event("c", 0, base.plusMillis(8))));
        // committed late: timestamped before the position, inside the look-back window
        engine.appendEvents(List.of(event("c", 1, base.plusMillis(3))));
        clearInvocations(store);

        List<String> fromMemory = payloads(engine.readEvents(position, false));
        verify(store, times(0)).readEvents(any(TrackingToken.class), anyBoolean());
        assertThat(fromMemory).containsExactly("c#1", "b#1", "c#0");
        assertThat(fromMemory).isEqualTo(payloads(store.readEvents(position, false)));

        TrackingToken caughtUp = last(engine.readEvents(position, false));
        assertThat(payloads(engine.readEvents(caughtUp, false))).isEmpty();
        assertThat(payloads(store.readEvents(caughtUp, false))).isEmpty();
    }

    @Test
    void canAnswerAnIdleReadWithoutRescanningUntilSomethingIsAppended() {
        store.appendEvents(List.of(event("a", 0, Instant.now().minusSeconds(60))));
        HeadCachingEventStorageEngine engine = new HeadCachingEventStorageEngine(store, LOOK_BACK, 1000);
        TrackingToken idle = last(engine.readEvents(null, false));
        clearInvocations(store);

        assertThat(payloads(engine.readEvents(idle, false))).isEmpty();
        assertThat(payloads(engine.readEvents(idle, false))).isEmpty();
        verify(store, times(1)).readEvents(any(TrackingToken.class), anyBoolean());

        engine.appendEvents(List.of(event("a", 1, Instant.now())));
        assertThat(payloads(engine.readEvents(idle, false))).containsExactly("a#1");
        verify(store, times(2)).readEvents(any(TrackingToken.class), anyBoolean());
    }

    @Test
    void cannotServeFromMemoryWhatWasTrimmed() {
        HeadCachingEventStorageEngine engine = new HeadCachingEventStorageEngine(store, LOOK_BACK, 2);
        engine.appendEvents(List.of(event("a", 0, base)));
        TrackingToken first = last(engine.readEvents(null, false));
        for (int i = 1; i <= 4; i++) {
            engine.appendEvents(List.of(event("a", i, base.plusSeconds(2L * i))));
        }
        clearInvocations(store);

        assertThat(payloads(engine.readEvents(first, false))).containsExactly("a#1", "a#2", "a#3", "a#4");
        verify(store, times(1)).readEvents(any(TrackingToken.class), anyBoolean());
    }
}
