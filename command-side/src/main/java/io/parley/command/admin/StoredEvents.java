package io.parley.command.admin;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gt;
import static com.mongodb.client.model.Filters.gte;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.or;
import static com.mongodb.client.model.Sorts.ascending;

import com.mongodb.client.model.IndexOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.axonframework.common.DateTimeUtils;
import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.EventStreamUtils;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.extensions.mongo.MongoTemplate;
import org.axonframework.extensions.mongo.eventsourcing.eventstore.documentperevent.EventEntry;
import org.axonframework.extensions.mongo.eventsourcing.eventstore.documentperevent.EventEntryConfiguration;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.upcasting.event.EventUpcaster;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The stored events (never snapshots, which live in their own collection) in the export's order: by timestamp, then
 * conversation id, then sequence number. The whole store is read a page at a time, each page starting after the
 * last event of the one before (so nothing is skipped or repeated however long the export runs, and only a page is
 * held in memory); on the embedded store every page is a scan of the collection, since it keeps no range index.
 * One conversation's events are read by aggregate, as Axon loads an aggregate, which stays cheap there.
 */
@Component
class StoredEvents {

    private static final EventEntryConfiguration FIELDS = EventEntryConfiguration.getDefault();
    private static final Bson EXPORT_ORDER = ascending(FIELDS.timestampProperty(),
            FIELDS.aggregateIdentifierProperty(), FIELDS.sequenceNumberProperty());

    private final MongoTemplate axonMongo;
    private final EventStorageEngine store;
    private final Serializer serializer;
    private final EventUpcaster upcasters;
    private final int pageSize;

    @Autowired
    StoredEvents(
            MongoTemplate axonMongoTemplate,
            EventStorageEngine store,
            @Qualifier("eventSerializer") Serializer serializer,
            org.axonframework.config.Configuration axon,
            @Value("${parley.admin.export-page-size:500}") int pageSize) {
        this(axonMongoTemplate, store, serializer, axon.upcasterChain(), pageSize);
    }

    StoredEvents(
            MongoTemplate axonMongoTemplate,
            EventStorageEngine store,
            Serializer serializer,
            EventUpcaster upcasters,
            int pageSize) {
        this.axonMongo = axonMongoTemplate;
        this.store = store;
        this.serializer = serializer;
        this.upcasters = upcasters;
        this.pageSize = pageSize;
        // the export's order, for a real MongoDB; the embedded store keeps no such index and says so once
        axonMongo.eventCollection().createIndex(EXPORT_ORDER, new IndexOptions().name("parleyExportOrder"));
    }

    void forEach(EventFilter filter, Consumer<DomainEventMessage<?>> sink) {
        if (filter.conversationId() != null) {
            DomainEventStream events = store.readEvents(filter.conversationId(), 0);
            while (events.hasNext()) {
                DomainEventMessage<?> event = events.next();
                if (filter.matches(event)) {
                    sink.accept(event);
                }
            }
            return;
        }
        Document last = null;
        List<Document> page;
        do {
            page = axonMongo.eventCollection().find(query(filter, last))
                    .sort(EXPORT_ORDER)
                    .limit(pageSize)
                    .into(new ArrayList<>(pageSize));
            List<DomainEventData<?>> entries = new ArrayList<>(page.size());
            for (Document document : page) {
                EventEntry entry = new EventEntry(document, FIELDS);
                if (entry.getAggregateIdentifier() != null) {
                    entries.add(entry);
                }
            }
            EventStreamUtils.upcastAndDeserializeDomainEvents(entries.stream(), serializer, upcasters)
                    .forEachRemaining(sink);
            last = page.isEmpty() ? null : page.get(page.size() - 1);
        } while (page.size() == pageSize);
    }

    private static Bson query(EventFilter filter, Document after) {
        List<Bson> conditions = new ArrayList<>();
        if (filter.from() != null) {
            conditions.add(gte(FIELDS.timestampProperty(), DateTimeUtils.formatInstant(filter.from())));
        }
        if (filter.to() != null) {
            conditions.add(lt(FIELDS.timestampProperty(), DateTimeUtils.formatInstant(filter.to())));
        }
        if (filter.payloadType() != null) {
            conditions.add(eq(FIELDS.payloadTypeProperty(), filter.payloadType()));
        }
        if (after != null) {
            Object timestamp = after.get(FIELDS.timestampProperty());
            Object aggregate = after.get(FIELDS.aggregateIdentifierProperty());
            Object sequence = after.get(FIELDS.sequenceNumberProperty());
            conditions.add(or(
                    gt(FIELDS.timestampProperty(), timestamp),
                    and(eq(FIELDS.timestampProperty(), timestamp), gt(FIELDS.aggregateIdentifierProperty(), aggregate)),
                    and(eq(FIELDS.timestampProperty(), timestamp), eq(FIELDS.aggregateIdentifierProperty(), aggregate),
                            gt(FIELDS.sequenceNumberProperty(), sequence))));
        }
        return conditions.isEmpty() ? new Document() : and(conditions);
    }
}
