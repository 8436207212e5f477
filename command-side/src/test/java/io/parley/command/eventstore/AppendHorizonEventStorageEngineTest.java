package io.parley.command.eventstore;

import static io.parley.command.eventstore.TrackingReads.event;
import static io.parley.command.eventstore.TrackingReads.last;
import static io.parley.command.eventstore.TrackingReads.payloads;
import static io.parley.command.eventstore.TrackingReads.spiedStore;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.doAnswer;

import io.parley.testing.InMemoryMongo;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.extensions.mongo.eventsourcing.eventstore.MongoEventStorageEngine;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An append that stalls for longer than the look-back, while an append timestamped after it completes, is still
 * read: the suite's catch-up seed lost an acknowledged message so (its append stalled, the publisher's token moved
 * past the window, and the event, stored, never reached Kafka). Over the store's own tracking query and over the head
 * served from memory.
 */
class AppendHorizonEventStorageEngineTest {

    private static final Duration LOOK_BACK = Duration.ofSeconds(1);

    @RegisterExtension
    final InMemoryMongo inMemoryMongo = new InMemoryMongo();
    private MongoEventStorageEngine store;
    /** Events "happen" a few seconds ahead, so their look-back windows lie after the head cache's start. */
    private final Instant base = Instant.now().plusSeconds(5);

    @BeforeEach
    void setUp() {
        store = spiedStore(inMemoryMongo);
    }

    @Test
    void cannotRunPastAStalledAppendOfTheStore() throws Exception {
        cannotRunPastAStalledAppend(store -> store);
    }

    @Test
    void cannotRunPastAStalledAppendOfTheHeadInMemory() throws Exception {
        cannotRunPastAStalledAppend(store -> new HeadCachingEventStorageEngine(store, LOOK_BACK, 1000));
    }

    private void cannotRunPastAStalledAppend(Function<EventStorageEngine, EventStorageEngine> under) throws Exception {
        EventStorageEngine engine = new AppendHorizonEventStorageEngine(under.apply(store), LOOK_BACK);
        engine.appendEvents(List.of(event("a", 0, base)));
        TrackingToken start = last(engine.readEvents(null, false));
        CountDownLatch stalled = new CountDownLatch(1);
        CountDownLatch resume = new CountDownLatch(1);
        doAnswer(call -> {
            stalled.countDown();
            resume.await(10, TimeUnit.SECONDS);
            return call.callRealMethod();
        }).when(store).appendEvents(argThat((List<? extends EventMessage<?>> events) ->
                events != null && !events.isEmpty() && "b#0".equals(events.get(0).getPayload())));

        CompletableFuture<Void> slow = CompletableFuture.runAsync(
                () -> engine.appendEvents(List.of(event("b", 0, base.plusMillis(10)))));
        assertThat(stalled.await(10, TimeUnit.SECONDS)).isTrue();
        engine.appendEvents(List.of(event("c", 0, base.plusMillis(10 + 2 * LOOK_BACK.toMillis()))));

        assertThat(payloads(engine.readEvents(start, false))).isEmpty();
        assertThat(payloads(engine.readEvents(null, false))).containsExactly("a#0");

        resume.countDown();
        slow.get(10, TimeUnit.SECONDS);
        assertThat(payloads(engine.readEvents(start, false))).containsExactly("b#0", "c#0");
    }
}
