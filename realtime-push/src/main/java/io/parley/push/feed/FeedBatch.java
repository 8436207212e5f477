package io.parley.push.feed;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;

import com.mongodb.WriteConcern;
import com.mongodb.client.MongoCollection;
import io.parley.support.infra.BulkWrites;
import io.parley.support.infra.StoredIds;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.convert.MongoConverter;

/**
 * What one batch of the feed processor reads and changes, held in memory and written when the batch ends: a few
 * commands per batch however many events it holds, instead of a read and a write of each document per event. The
 * projection ({@link FeedProjection}) and what it keeps of messages ({@link FeedMessages}) read through it, so an
 * event sees what the events before it in the batch did. A batch forms by itself under load (the processor takes up
 * to its batch size of what Kafka has ready) and is one event when idle; outside a processor (a test calling a
 * handler) each event is a batch of its own.
 *
 * <p>{@link #flush} writes in the order that keeps a repeat harmless: first what the guards of later steps make
 * harmless to write twice (the message facts, each with the version that changed it; the membership changes, each
 * with its position), then the batch's events into the stream at their positions, journaled, so that everything
 * before is durable too, then the conversations' states, whose version says which events were fanned out. Only then
 * are the events published live, and the answered sends they reach settled ({@link FeedAnswers}): a client holds a
 * position as its cursor only once it is in the stream for good.
 * A batch interrupted anywhere is handled again from the processor's token (stored after the batch): its conversations
 * are read again, an event it had already stored is found at its place ({@link #at}) and keeps its position.
 *
 * <p>Reads: the states of the batch's conversations in one {@code $in} on {@code _id} ({@link #prepare}), and whether
 * the stream already holds an event at each one's next place, in one {@code $in} on the unique key {@code at}: for the
 * conversations where it does (an attempt interrupted after the stream's write), every place is looked up; for the
 * others none is, the batch's own events being known here. Both are exact-key reads the embedded store answers from
 * its indexes.
 */
final class FeedBatch {

    /** The unit-of-work resource that holds a processor batch's open batch. */
    static final String SCOPE = "parley.feed-batch";

    /**
     * Writes that wait for the primary alone and not for the journal: the stream's insert after them is journaled, and
     * its acknowledgement comes only once they are durable too (one journal, in order; in the embedded store, one
     * commit covering everything applied before it). A crash in between loses only what the batch writes again.
     */
    private static final WriteConcern DERIVED = WriteConcern.W1.withJournal(false);
    private static final Object ABSENT = new Object();

    private final MongoTemplate mongo;
    private final MongoConverter converter;
    private final FeedStream stream;
    private final LiveConversations memberships;
    private final FeedPublisher live;
    private final FeedAnswers answers;

    private final Map<String, FeedConversation> conversations = new HashMap<>();
    private final Set<String> absentConversations = new HashSet<>();
    private final Map<String, FeedConversation> changedConversations = new LinkedHashMap<>();
    /** Conversations whose stream may hold events of this batch already: each place is looked up in the store. */
    private final Set<String> repeating = new HashSet<>();
    /** The stream's last position, known once asked for (-1 before). */
    private long head = -1;
    private final List<FeedEvent> newEvents = new ArrayList<>();
    private final Map<String, FeedEvent> newEventsAt = new HashMap<>();
    private final List<LiveConversations.Change> membershipChanges = new ArrayList<>();
    private final List<AppendedEvent> appended = new ArrayList<>();
    /** The documents of {@link FeedMessages}' collections this batch read or wrote, by collection and id. */
    private final Map<String, Map<String, Object>> documents = new HashMap<>();
    /** Documents new in this batch and not changed since: inserted, a duplicate left as it is. */
    private final Map<String, Map<String, Object>> inserted = new LinkedHashMap<>();
    /** Documents this batch changed: written whole. */
    private final Map<String, Map<String, Object>> saved = new LinkedHashMap<>();

    FeedBatch(MongoTemplate mongo, FeedStream stream, LiveConversations memberships, FeedPublisher live,
            FeedAnswers answers) {
        this.mongo = mongo;
        this.converter = mongo.getConverter();
        this.stream = stream;
        this.memberships = memberships;
        this.live = live;
        this.answers = answers;
    }

    /** Reads the states of these conversations, and whether their streams go on past them, for the events to come. */
    void prepare(Collection<String> conversationIds) {
        List<String> wanted = conversationIds.stream()
                .filter(id -> !conversations.containsKey(id) && !absentConversations.contains(id))
                .distinct().toList();
        if (wanted.isEmpty()) {
            return;
        }
        absentConversations.addAll(wanted);
        for (Document found : collection(FeedProjection.STATE).find(
                in("_id", wanted.stream().map(StoredIds::of).toList()))) {
            FeedConversation conversation = converter.read(FeedConversation.class, found);
            conversations.put(conversation.id(), conversation);
            absentConversations.remove(conversation.id());
        }
        Map<String, String> nextPlaces = new HashMap<>();
        for (String id : wanted) {
            FeedConversation conversation = conversations.get(id);
            nextPlaces.put(FeedStream.key(id, conversation == null ? 1 : conversation.head() + 1), id);
        }
        repeating.addAll(stream.heldAt(nextPlaces.keySet()).stream().map(nextPlaces::get).toList());
    }

    /** The conversation's state as this batch leaves it so far; empty before its creation was fanned out. */
    Optional<FeedConversation> conversation(String conversationId) {
        prepare(List.of(conversationId));
        return Optional.ofNullable(conversations.get(conversationId));
    }

    void save(FeedConversation conversation) {
        conversations.put(conversation.id(), conversation);
        absentConversations.remove(conversation.id());
        changedConversations.put(conversation.id(), conversation);
    }

    /** The event at the {@code n}-th place of the conversation's stream, stored before or by this batch; or null. */
    FeedEvent at(String conversationId, long n) {
        FeedEvent own = newEventsAt.get(FeedStream.key(conversationId, n));
        if (own != null || !repeating.contains(conversationId)) {
            return own;
        }
        return stream.ownAt(conversationId, n);
    }

    /** The position the next event stored by this batch takes. */
    long nextPosition() {
        if (head < 0) {
            head = stream.ownHead();
        }
        return head + 1;
    }

    /** Stores the event at its position (the next one) when the batch ends, after the membership changes so far. */
    void store(FeedEvent event) {
        if (event.position() != nextPosition()) {
            throw new IllegalStateException("event " + event.eventId() + " takes position " + event.position()
                    + ", not the next one, " + nextPosition());
        }
        head = event.position();
        newEvents.add(event);
        newEventsAt.put(FeedStream.key(event.conversationId(), event.n()), event);
    }

    void changeMemberships(LiveConversations.Change change) {
        membershipChanges.add(change);
    }

    /** Publishes the event to the push nodes once the batch is written. */
    void publish(AppendedEvent event) {
        appended.add(event);
    }

    /** A document of one of {@link FeedMessages}' collections by {@code _id}, as this batch leaves it. */
    <T> Optional<T> find(String collection, String id, Class<T> type) {
        Map<String, Object> known = documents.computeIfAbsent(collection, name -> new HashMap<>());
        Object document = known.get(id);
        if (document == null) {
            document = Optional.<Object>ofNullable(mongo.findById(id, type, collection)).orElse(ABSENT);
            known.put(id, document);
        }
        return document == ABSENT ? Optional.empty() : Optional.of(type.cast(document));
    }

    /** Documents by {@code _id}, as this batch leaves them; those it has not read are read at once. */
    <T> List<T> findAll(String collection, List<String> ids, Class<T> type) {
        Map<String, Object> known = documents.computeIfAbsent(collection, name -> new HashMap<>());
        List<String> unknown = ids.stream().filter(id -> !known.containsKey(id)).toList();
        if (!unknown.isEmpty()) {
            unknown.forEach(id -> known.put(id, ABSENT));
            for (Document found : collection(collection).find(
                    in("_id", unknown.stream().map(StoredIds::of).toList()))) {
                known.put(found.get("_id").toString(), converter.read(type, found));
            }
        }
        return ids.stream().map(known::get).filter(document -> document != ABSENT).map(type::cast).toList();
    }

    /**
     * A document written once under its {@code _id}, without reading first: a stored one (a repeated event's) is left
     * as it is when the batch is written, and until then this batch reads its own, built from the same event.
     */
    void insertOnce(String collection, String id, Object document) {
        Map<String, Object> known = documents.computeIfAbsent(collection, name -> new HashMap<>());
        Object present = known.get(id);
        if (present == null || present == ABSENT) {
            known.put(id, document);
            inserted.computeIfAbsent(collection, name -> new LinkedHashMap<>()).put(id, document);
        }
    }

    /** A document this batch changed, written whole. */
    void replace(String collection, String id, Object document) {
        documents.computeIfAbsent(collection, name -> new HashMap<>()).put(id, document);
        Map<String, Object> insertedHere = inserted.get(collection);
        if (insertedHere != null) {
            insertedHere.remove(id);
        }
        saved.computeIfAbsent(collection, name -> new LinkedHashMap<>()).put(id, document);
    }

    /** Writes the batch (see the class comment for the order), then publishes its events. */
    void flush() {
        inserted.forEach((name, written) -> BulkWrites.insertOnce(collection(name), documents(written)));
        saved.forEach((name, written) -> BulkWrites.replaceAll(collection(name), documents(written)));
        memberships.apply(membershipChanges, DERIVED);
        stream.insertAll(newEvents);
        BulkWrites.replaceAll(collection(FeedProjection.STATE), documents(changedConversations));
        changedConversations.values().forEach(state -> answers.fannedOut(state.id(), state.version()));
        appended.forEach(live::publish);
        inserted.clear();
        saved.clear();
        membershipChanges.clear();
        newEvents.clear();
        changedConversations.clear();
        appended.clear();
    }

    private List<Document> documents(Map<String, ?> written) {
        return written.values().stream().map(record -> {
            Document document = new Document();
            converter.write(record, document);
            return document;
        }).toList();
    }

    private MongoCollection<Document> collection(String name) {
        return mongo.getCollection(name).withWriteConcern(DERIVED);
    }
}
