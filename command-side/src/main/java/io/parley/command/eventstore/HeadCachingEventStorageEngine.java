package io.parley.command.eventstore;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.GenericTrackedDomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.extensions.mongo.eventsourcing.eventstore.MongoTrackingToken;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the tracking reads of the event stream's head from memory, for a node that is the only writer of its event
 * store (the standalone). The embedded MongoDB keeps no range index, so Axon's tracking query ("events since this
 * timestamp") scans the whole store: every publish would cost more as history grows. Here every event appended
 * through this engine since it started is also kept in memory, ordered as MongoDB would return it (timestamp, then
 * sequence number), and a read whose look-back window lies wholly after the start, and after anything trimmed, is
 * answered from that copy. Tokens are the store's own {@link MongoTrackingToken}s, advanced the same way, so a
 * processor moves between the two paths, and across restarts, without a gap or a repeat.
 *
 * <p>Other reads go to the store. An idle processor whose token predates the start would rescan the store on every
 * poll, so an empty answer is remembered until the next append.
 *
 * <p><b>No reader runs past an append under way.</b> An event is timestamped when the aggregate applies it, and
 * becomes readable only once its append has been committed; a token forgets what lies more than the look-back before
 * its newest event. So an append that takes longer than the look-back (a commit that stalls, a pause of the whole
 * JVM while the appending thread waits) while later appends complete would be passed over for good: the publisher
 * would never send that acknowledged event to Kafka. Every append therefore holds a place at its earliest timestamp
 * until its events are readable, and no read, from memory or from the store, returns an event timestamped at or after
 * the earliest place held: the readers wait for it instead, and its commit wakes them.
 */
public class HeadCachingEventStorageEngine implements EventStorageEngine {

    private static final Logger log = LoggerFactory.getLogger(HeadCachingEventStorageEngine.class);

    private record Key(long timestampMillis, long sequenceNumber, String eventIdentifier) {

        static final Comparator<Key> ORDER = Comparator.comparingLong(Key::timestampMillis)
                .thenComparingLong(Key::sequenceNumber)
                .thenComparing(Key::eventIdentifier);

        static Key lowest(long timestampMillis) {
            return new Key(timestampMillis, Long.MIN_VALUE, "");
        }
    }

    private record EmptyRead(TrackingToken token, long appendsBefore) {
    }

    private final EventStorageEngine store;
    private final Duration lookBack;
    private final int capacity;
    private final long startedAtMillis;
    private final ConcurrentSkipListMap<Key, DomainEventMessage<?>> head = new ConcurrentSkipListMap<>(Key.ORDER);
    /** The earliest event of every append under way; reads stop before the first. */
    private final ConcurrentSkipListSet<Key> appending = new ConcurrentSkipListSet<>(Key.ORDER);
    private final AtomicLong appends = new AtomicLong();
    private final AtomicReference<EmptyRead> lastEmptyRead = new AtomicReference<>();
    private volatile long trimmedUpToMillis = Long.MIN_VALUE;

    /**
     * @param lookBack the look-back time of the store's tracking query (the Mongo extension's, 1 s by default)
     * @param capacity how many of the newest events are kept in memory
     */
    public HeadCachingEventStorageEngine(EventStorageEngine store, Duration lookBack, int capacity) {
        this.store = store;
        this.lookBack = lookBack;
        this.capacity = capacity;
        this.startedAtMillis = Instant.now().toEpochMilli();
    }

    @Override
    public void appendEvents(List<? extends EventMessage<?>> events) {
        if (events.isEmpty()) {
            return;
        }
        List<Map.Entry<Key, DomainEventMessage<?>>> keyed = events.stream().map(HeadCachingEventStorageEngine::keyed)
                .toList();
        Key earliest = keyed.stream().map(Map.Entry::getKey).min(Key.ORDER).orElseThrow();
        appending.add(earliest);
        try {
            warnIfStale(earliest);
            store.appendEvents(events);
            // only what the store accepted, and readable before the place is given up
            keyed.forEach(entry -> head.put(entry.getKey(), entry.getValue()));
            appends.incrementAndGet();
        } finally {
            appending.remove(earliest);
        }
        trim();
    }

    private static Map.Entry<Key, DomainEventMessage<?>> keyed(EventMessage<?> event) {
        DomainEventMessage<?> domainEvent = event instanceof DomainEventMessage<?> domain
                ? domain
                : new GenericDomainEventMessage<>(null, event.getIdentifier(), 0L, event, event::getTimestamp);
        return Map.entry(new Key(event.getTimestamp().toEpochMilli(), domainEvent.getSequenceNumber(),
                event.getIdentifier()), domainEvent);
    }

    /**
     * Between an event's timestamp and its append's place no reader waits; a gap as long as the look-back there (the
     * thread descheduled for that long) could still lose it, so it is worth an operator's attention.
     */
    private void warnIfStale(Key earliest) {
        long age = Instant.now().toEpochMilli() - earliest.timestampMillis();
        if (age > lookBack.toMillis() / 2) {
            log.warn("an append began {} ms after its first event was timestamped (look-back {} ms)", age,
                    lookBack.toMillis());
        }
    }

    /** The first timestamp no read may return yet: the earliest of the appends under way, if any. */
    private long horizonMillis() {
        return appending.stream().findFirst().map(Key::timestampMillis).orElse(Long.MAX_VALUE);
    }

    private synchronized void trim() {
        while (head.size() > capacity) {
            Map.Entry<Key, DomainEventMessage<?>> oldest = head.pollFirstEntry();
            if (oldest != null) {
                trimmedUpToMillis = Math.max(trimmedUpToMillis, oldest.getKey().timestampMillis());
            }
        }
    }

    @Override
    public Stream<? extends TrackedEventMessage<?>> readEvents(TrackingToken trackingToken, boolean mayBlock) {
        // taken before reading: an append that takes its place after this one looks has (but for the gap that
        // warnIfStale watches) events no older than any this read can return
        long horizon = horizonMillis();
        if (trackingToken instanceof MongoTrackingToken token && inMemory(token)) {
            return fromMemory(token, horizon).stream();
        }
        return fromStore(trackingToken, mayBlock)
                .takeWhile(event -> event.getTimestamp().toEpochMilli() < horizon);
    }

    /** Everything the store's query would consider for this token was appended here since the start, and is kept. */
    private boolean inMemory(MongoTrackingToken token) {
        long windowStart = token.getTimestamp().toEpochMilli() - lookBack.toMillis();
        return windowStart >= startedAtMillis && windowStart > trimmedUpToMillis;
    }

    private List<TrackedEventMessage<?>> fromMemory(MongoTrackingToken token, long horizon) {
        long windowStart = token.getTimestamp().toEpochMilli() - lookBack.toMillis();
        List<TrackedEventMessage<?>> events = new ArrayList<>();
        MongoTrackingToken position = token;
        Map<Key, DomainEventMessage<?>> readable = horizon == Long.MAX_VALUE
                ? head.tailMap(Key.lowest(windowStart))
                : head.subMap(Key.lowest(windowStart), Key.lowest(Math.max(windowStart, horizon)));
        for (Map.Entry<Key, DomainEventMessage<?>> entry : readable.entrySet()) {
            String eventId = entry.getKey().eventIdentifier();
            if (position.getKnownEventIds().contains(eventId)) {
                continue;
            }
            position = position.advanceTo(entry.getValue().getTimestamp(), eventId, lookBack);
            events.add(new GenericTrackedDomainEventMessage<>(position, entry.getValue()));
        }
        return events;
    }

    private Stream<? extends TrackedEventMessage<?>> fromStore(TrackingToken token, boolean mayBlock) {
        long appendsBefore = appends.get();
        EmptyRead empty = lastEmptyRead.get();
        if (empty != null && empty.appendsBefore() == appendsBefore && empty.token().equals(token)) {
            return Stream.empty();
        }
        Stream<? extends TrackedEventMessage<?>> events = store.readEvents(token, mayBlock);
        Iterator<? extends TrackedEventMessage<?>> iterator = events.iterator();
        if (!iterator.hasNext()) {
            events.close();
            if (token != null) {
                lastEmptyRead.set(new EmptyRead(token, appendsBefore));
            }
            return Stream.empty();
        }
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(iterator, Spliterator.ORDERED), false)
                .onClose(events::close);
    }

    @Override
    public void storeSnapshot(DomainEventMessage<?> snapshot) {
        store.storeSnapshot(snapshot);
    }

    @Override
    public DomainEventStream readEvents(String aggregateIdentifier, long firstSequenceNumber) {
        return store.readEvents(aggregateIdentifier, firstSequenceNumber);
    }

    @Override
    public Optional<DomainEventMessage<?>> readSnapshot(String aggregateIdentifier) {
        return store.readSnapshot(aggregateIdentifier);
    }

    @Override
    public Optional<Long> lastSequenceNumberFor(String aggregateIdentifier) {
        return store.lastSequenceNumberFor(aggregateIdentifier);
    }

    @Override
    public TrackingToken createTailToken() {
        return store.createTailToken();
    }

    @Override
    public TrackingToken createHeadToken() {
        return store.createHeadToken();
    }

    @Override
    public TrackingToken createTokenAt(Instant dateTime) {
        return store.createTokenAt(dateTime);
    }
}
