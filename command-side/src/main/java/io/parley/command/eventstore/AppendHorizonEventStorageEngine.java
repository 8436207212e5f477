package io.parley.command.eventstore;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * <b>No tracking read runs past an append under way.</b> The Mongo event store orders its stream by the time each
 * event was timestamped (when the aggregate applied it), an event becomes readable only once its append is committed,
 * and a tracking token forgets what lies more than the look-back before its newest event. So an append that takes
 * longer than the look-back (a commit that stalls, a pause of the whole JVM while the appending thread waits) while
 * appends timestamped after it complete would be passed over for good: the Kafka publisher would never send that
 * acknowledged event on. The fresh-clone suite lost a message so.
 *
 * <p>Here every append holds a place at its earliest timestamp until the store has it, and no read returns an event
 * timestamped at or after the earliest place held: the reader waits for that append instead, and its commit wakes it.
 * This guards the appends of this node; a store written by several command-side nodes needs each reader to know them
 * all (see README, "What is durable when"). Between an event's timestamp and its append's place nobody waits: a gap
 * there as long as the look-back (the thread descheduled that long) is logged, since it could still lose the event.
 */
public class AppendHorizonEventStorageEngine extends DelegatingEventStorageEngine {

    private static final Logger log = LoggerFactory.getLogger(AppendHorizonEventStorageEngine.class);

    /** One append's place: its earliest timestamp, and a number that tells two appends of one instant apart. */
    private record Place(long timestampMillis, long append) implements Comparable<Place> {
        @Override
        public int compareTo(Place other) {
            int byTime = Long.compare(timestampMillis, other.timestampMillis);
            return byTime != 0 ? byTime : Long.compare(append, other.append);
        }
    }

    private final Duration lookBack;
    private final ConcurrentSkipListSet<Place> appending = new ConcurrentSkipListSet<>();
    private final AtomicLong appends = new AtomicLong();

    /** @param lookBack the look-back time of the store's tracking query */
    public AppendHorizonEventStorageEngine(EventStorageEngine store, Duration lookBack) {
        super(store);
        this.lookBack = lookBack;
    }

    @Override
    public void appendEvents(List<? extends EventMessage<?>> events) {
        if (events.isEmpty()) {
            return;
        }
        long earliest = events.stream().mapToLong(event -> event.getTimestamp().toEpochMilli()).min().orElseThrow();
        Place place = new Place(earliest, appends.incrementAndGet());
        appending.add(place);
        try {
            warnIfStale(earliest);
            store.appendEvents(events);
        } finally {
            appending.remove(place);
        }
    }

    private void warnIfStale(long earliestMillis) {
        long age = Instant.now().toEpochMilli() - earliestMillis;
        if (age > lookBack.toMillis() / 2) {
            log.warn("an append began {} ms after its first event was timestamped (tracking look-back {} ms)", age,
                    lookBack.toMillis());
        }
    }

    @Override
    public Stream<? extends TrackedEventMessage<?>> readEvents(TrackingToken trackingToken, boolean mayBlock) {
        // taken before reading: an append that takes its place after this has (but for the gap warnIfStale watches)
        // events no older than any this read can return
        long horizon = appending.stream().findFirst().map(Place::timestampMillis).orElse(Long.MAX_VALUE);
        Stream<? extends TrackedEventMessage<?>> events = store.readEvents(trackingToken, mayBlock);
        return horizon == Long.MAX_VALUE
                ? events
                : events.takeWhile(event -> event.getTimestamp().toEpochMilli() < horizon);
    }
}
