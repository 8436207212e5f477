package io.parley.command.eventstore;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.ConcurrentSkipListMap;
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
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.extensions.mongo.eventsourcing.eventstore.MongoTrackingToken;

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
 */
public class HeadCachingEventStorageEngine extends DelegatingEventStorageEngine {

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

    private final Duration lookBack;
    private final int capacity;
    private final long startedAtMillis;
    private final ConcurrentSkipListMap<Key, DomainEventMessage<?>> head = new ConcurrentSkipListMap<>(Key.ORDER);
    private final AtomicLong appends = new AtomicLong();
    private final AtomicReference<EmptyRead> lastEmptyRead = new AtomicReference<>();
    private volatile long trimmedUpToMillis = Long.MIN_VALUE;

    /**
     * @param lookBack the look-back time of the store's tracking query (the Mongo extension's, 1 s by default)
     * @param capacity how many of the newest events are kept in memory
     */
    public HeadCachingEventStorageEngine(EventStorageEngine store, Duration lookBack, int capacity) {
        super(store);
        this.lookBack = lookBack;
        this.capacity = capacity;
        this.startedAtMillis = Instant.now().toEpochMilli();
    }

    @Override
    public void appendEvents(List<? extends EventMessage<?>> events) {
        store.appendEvents(events);
        // only what the store accepted; a reader that misses an event appended this instant finds it next time,
        // inside the look-back window, exactly as with the store's own query
        for (EventMessage<?> event : events) {
            DomainEventMessage<?> domainEvent = event instanceof DomainEventMessage<?> domain
                    ? domain
                    : new GenericDomainEventMessage<>(null, event.getIdentifier(), 0L, event, event::getTimestamp);
            head.put(new Key(event.getTimestamp().toEpochMilli(), domainEvent.getSequenceNumber(),
                    event.getIdentifier()), domainEvent);
        }
        appends.incrementAndGet();
        trim();
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
        if (trackingToken instanceof MongoTrackingToken token && inMemory(token)) {
            return fromMemory(token).stream();
        }
        return fromStore(trackingToken, mayBlock);
    }

    /** Everything the store's query would consider for this token was appended here since the start, and is kept. */
    private boolean inMemory(MongoTrackingToken token) {
        long windowStart = token.getTimestamp().toEpochMilli() - lookBack.toMillis();
        return windowStart >= startedAtMillis && windowStart > trimmedUpToMillis;
    }

    private List<TrackedEventMessage<?>> fromMemory(MongoTrackingToken token) {
        long windowStart = token.getTimestamp().toEpochMilli() - lookBack.toMillis();
        List<TrackedEventMessage<?>> events = new ArrayList<>();
        MongoTrackingToken position = token;
        for (Map.Entry<Key, DomainEventMessage<?>> entry : head.tailMap(Key.lowest(windowStart)).entrySet()) {
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
}
