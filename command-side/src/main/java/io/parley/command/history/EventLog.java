package io.parley.command.history;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.axonframework.common.DateTimeUtils;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.EventStreamUtils;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.extensions.mongo.MongoTemplate;
import org.axonframework.extensions.mongo.eventsourcing.eventstore.documentperevent.EventEntry;
import org.axonframework.extensions.mongo.eventsourcing.eventstore.documentperevent.EventEntryConfiguration;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.upcasting.event.EventUpcaster;
import org.bson.Document;

/**
 * One conversation's events as the event store holds them, read by exact key: (conversation id, sequence number),
 * the store's unique index, which the embedded store answers without a scan and a real MongoDB from its index. A
 * conversation's sequence numbers run 0, 1, 2... with no gap, so "the last event at or before an instant" is a
 * search over keys (about 2 log2 n lookups of one timestamp each), not a scan. Long runs (an index's catch-up) go
 * through the storage engine's own aggregate read instead, in batches.
 */
final class EventLog {

    private static final EventEntryConfiguration FIELDS = EventEntryConfiguration.getDefault();

    private final MongoTemplate axonMongo;
    private final EventStorageEngine store;
    private final Serializer serializer;
    private final EventUpcaster upcasters;

    EventLog(MongoTemplate axonMongo, EventStorageEngine store, Serializer serializer, EventUpcaster upcasters) {
        this.axonMongo = axonMongo;
        this.store = store;
        this.serializer = serializer;
        this.upcasters = upcasters;
    }

    private static Document key(String conversationId, long sequence) {
        return new Document(FIELDS.aggregateIdentifierProperty(), conversationId)
                .append(FIELDS.sequenceNumberProperty(), sequence);
    }

    /** When the event numbered {@code sequence} was stored, if there is one. */
    Optional<Instant> timestamp(String conversationId, long sequence) {
        Document event = axonMongo.eventCollection().find(key(conversationId, sequence))
                .projection(new Document(FIELDS.timestampProperty(), 1)).first();
        return event == null
                ? Optional.empty()
                : Optional.of(DateTimeUtils.parseInstant(event.get(FIELDS.timestampProperty()).toString()));
    }

    /**
     * The number of the last event stored at or before {@code at}: -1 if the first came later, empty if the
     * conversation has no events at all. {@code good} is a number known to be stored at or before {@code at} (or -1
     * for none known), {@code bad} one known to be later or missing (or -1): the search runs between them.
     * Assumes a conversation's timestamps do not go down along its stream (one writer appends them in order); a
     * clock stepping back would make the cut fall somewhere inside the stretch it covers.
     */
    Optional<Long> lastAtOrBefore(String conversationId, Instant at, long good, long bad) {
        if (good < 0) {
            Optional<Instant> first = timestamp(conversationId, 0);
            if (first.isEmpty()) {
                return Optional.empty();
            }
            if (first.get().isAfter(at)) {
                return Optional.of(-1L);
            }
            good = 0;
        }
        if (bad <= good) {
            for (long step = 1; ; step *= 2) {
                long probe = good + step;
                if (!atOrBefore(conversationId, probe, at)) {
                    bad = probe;
                    break;
                }
                good = probe;
            }
        }
        while (bad - good > 1) {
            long middle = (good + bad) >>> 1;
            if (atOrBefore(conversationId, middle, at)) {
                good = middle;
            } else {
                bad = middle;
            }
        }
        return Optional.of(good);
    }

    private boolean atOrBefore(String conversationId, long sequence, Instant at) {
        return timestamp(conversationId, sequence).map(stored -> !stored.isAfter(at)).orElse(false);
    }

    /** The events with these numbers (those that exist), each read by its key. */
    Map<Long, DomainEventMessage<?>> events(String conversationId, Collection<Long> sequences) {
        Map<Long, DomainEventMessage<?>> found = new HashMap<>();
        for (long sequence : sequences) {
            Document document = axonMongo.eventCollection().find(key(conversationId, sequence)).first();
            if (document != null) {
                EventEntry entry = new EventEntry(document, FIELDS);
                EventStreamUtils.upcastAndDeserializeDomainEvents(java.util.stream.Stream.of(entry), serializer,
                        upcasters).forEachRemaining(event -> found.put(event.getSequenceNumber(), event));
            }
        }
        return found;
    }

    /** The events from {@code firstSequence} through {@code lastSequence}, in order, each read by its key. */
    List<DomainEventMessage<?>> range(String conversationId, long firstSequence, long lastSequence) {
        List<Long> sequences = new java.util.ArrayList<>();
        for (long sequence = firstSequence; sequence <= lastSequence; sequence++) {
            sequences.add(sequence);
        }
        Map<Long, DomainEventMessage<?>> found = events(conversationId, sequences);
        return sequences.stream().map(found::get).filter(java.util.Objects::nonNull).toList();
    }

    /** Every event from {@code firstSequence} on, as the storage engine loads an aggregate (in batches). */
    Iterator<? extends DomainEventMessage<?>> from(String conversationId, long firstSequence) {
        return store.readEvents(conversationId, firstSequence).asStream().iterator();
    }
}
