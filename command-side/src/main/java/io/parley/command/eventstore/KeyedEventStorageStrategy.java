package io.parley.command.eventstore;

import com.mongodb.client.MongoCollection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.extensions.mongo.eventsourcing.eventstore.documentperevent.DocumentPerEventStorageStrategy;
import org.axonframework.extensions.mongo.eventsourcing.eventstore.documentperevent.EventEntryConfiguration;
import org.bson.Document;

/**
 * One document per event, as Axon's own strategy, but an aggregate's events are read one exact key at a time. For
 * the embedded MongoDB (mongo-java-server): its indexes answer only a query naming every key of a compound index
 * exactly, so Axon's "aggregate X, sequence number at least n" scans every event in the store, on every aggregate
 * load and every snapshot. An aggregate's sequence numbers have no gaps, so its events from {@code n} are the keys
 * (X, n), (X, n+1), ... up to the first that is not there: point lookups on the unique index, whose cost does not
 * grow with the store. On a real MongoDB, Axon's range query over the same index is the better choice.
 */
public class KeyedEventStorageStrategy extends DocumentPerEventStorageStrategy {

    public KeyedEventStorageStrategy(Duration lookBackTime) {
        super(EventEntryConfiguration.getDefault(), lookBackTime);
    }

    /** Up to {@code batchSize} events from {@code firstSequenceNumber}; Axon asks again while batches come back full. */
    @Override
    public List<? extends DomainEventData<?>> findDomainEvents(
            MongoCollection<Document> collection, String aggregateIdentifier, long firstSequenceNumber,
            int batchSize) {
        List<DomainEventData<?>> events = new ArrayList<>();
        for (long sequence = firstSequenceNumber; sequence < firstSequenceNumber + batchSize; sequence++) {
            Document event = collection.find(new Document(eventConfiguration().aggregateIdentifierProperty(),
                    aggregateIdentifier).append(eventConfiguration().sequenceNumberProperty(), sequence)).first();
            if (event == null) {
                break;
            }
            extractEvents(event).forEach(events::add);
        }
        return events;
    }
}
