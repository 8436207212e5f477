package io.parley.query;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;

import com.mongodb.WriteConcern;
import com.mongodb.client.MongoCollection;
import io.parley.query.conversation.ConversationRecord;
import io.parley.support.infra.BulkWrites;
import io.parley.support.infra.StoredIds;
import io.parley.query.message.MessageRecord;
import io.parley.query.message.MessageStore;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.bson.Document;
import org.springframework.data.mongodb.core.convert.MongoConverter;
import org.springframework.data.mongodb.core.convert.UpdateMapper;
import org.springframework.data.mongodb.core.mapping.MongoPersistentEntity;
import org.springframework.data.mongodb.core.query.Update;

/**
 * What one batch of events changes in one generation of the read model, held in memory and written when the batch
 * ends: one bulk command per collection however many events the batch holds, instead of a read and a write per
 * event. The projections read through it, so an event sees what the events before it in the batch did. A batch forms
 * by itself under load (the processor takes up to its batch size of what Kafka has ready) and is one event when
 * idle; outside a processor (a test calling a handler) every change is written at once.
 *
 * <p>The order of the writes keeps today's guarantees: messages first, then their lookups, then the conversations,
 * whose {@code version} is the guard that makes a repeated event harmless. A batch interrupted halfway is delivered
 * again (the processor's token is stored only after {@link #flush}); documents written once under a fixed id are
 * inserted and a duplicate is left as it is; a document the batch changed is written whole, as the batch's events
 * left it (a record that an earlier, longer attempt of the same events had carried further goes back to this
 * batch's end for a moment, until the events after it arrive again).
 *
 * <p>The conversations of a batch are read at its start with one {@code $in} on {@code _id} ({@link #prefetch}),
 * which the embedded store answers from its index.
 */
public final class ReadModelBatch {

    /** The unit-of-work resource that holds a processor batch's open batches, by generation. */
    public static final String SCOPE = "parley.read-model-batches";

    private static final Document ABSENT = new Document();

    /**
     * The batch's writes wait for the primary alone and not for the journal: the read model is derived from the
     * event log, and the processor's token, stored after them with the service's durable write concern, is not
     * acknowledged before they are durable too (one journal and one oplog, in order). A crash in between loses only
     * what the batch, handled again from that token, writes again.
     */
    private static final WriteConcern DERIVED = WriteConcern.W1.withJournal(false);

    private final ReadModel model;
    private final boolean immediate;
    private final MongoConverter converter;
    private final UpdateMapper updates;

    private final Map<String, Document> conversations = new HashMap<>();
    private final Set<String> changedConversations = new LinkedHashSet<>();
    private final Map<String, Document> messages = new HashMap<>();
    /** Messages new in this batch and not changed since: inserted, a duplicate left alone. */
    private final Set<String> insertedMessages = new LinkedHashSet<>();
    /** Messages this batch changed: written whole. */
    private final Set<String> changedMessages = new LinkedHashSet<>();
    /** Documents written once under a fixed id, by base collection name. */
    private final Map<String, Map<Object, Document>> writtenOnce = new LinkedHashMap<>();
    /** Ids of such documents to remove, by base collection name: removed after the batch's inserts. */
    private final Map<String, Set<Object>> removed = new LinkedHashMap<>();

    ReadModelBatch(ReadModel model, boolean immediate) {
        this.model = model;
        this.immediate = immediate;
        this.converter = model.mongo().getConverter();
        this.updates = new UpdateMapper(converter);
    }

    /** Reads the records of these conversations at once, for the events of a batch to come. */
    public void prefetch(Collection<String> conversationIds) {
        List<String> wanted = conversationIds.stream().filter(id -> !conversations.containsKey(id)).distinct().toList();
        if (wanted.isEmpty()) {
            return;
        }
        wanted.forEach(id -> conversations.put(id, ABSENT));
        for (Document found : collection(ReadModel.CONVERSATIONS).find(in("_id",
                wanted.stream().map(StoredIds::of).toList()))) {
            conversations.put(found.get("_id").toString(), found);
        }
    }

    public Optional<ConversationRecord> conversation(String conversationId) {
        Document document = conversations.computeIfAbsent(conversationId, id -> Optional
                .ofNullable(collection(ReadModel.CONVERSATIONS).find(eq("_id", StoredIds.of(id))).first())
                .orElse(ABSENT));
        return document == ABSENT ? Optional.empty() : Optional.of(read(ConversationRecord.class, document));
    }

    /** The record if an event of this version still has to be applied to it. */
    public Optional<ConversationRecord> conversationBelow(String conversationId, long version) {
        return conversation(conversationId).filter(record -> record.version() < version);
    }

    /** A new conversation's first record; a repeated delivery finds it there and changes nothing. */
    public void create(ConversationRecord record) {
        if (conversation(record.id()).isEmpty()) {
            conversations.put(record.id(), write(record));
            changedConversations.add(record.id());
        }
        done();
    }

    /** Applies {@code update} to a record {@link #conversationBelow} found below {@code version}, and moves it there. */
    public void advance(String conversationId, long version, Update update) {
        Document document = conversations.get(conversationId);
        if (document == null || document == ABSENT) {
            throw new IllegalStateException("conversation " + conversationId + " was not read before its change");
        }
        apply(update.set("version", version), document, ConversationRecord.class);
        changedConversations.add(conversationId);
        done();
    }

    public Optional<MessageRecord> message(String conversationId, long seq) {
        Document document = messages.computeIfAbsent(MessageRecord.key(conversationId, seq), key -> Optional
                .ofNullable(collection(ReadModel.MESSAGES).find(eq("_id", StoredIds.of(key))).first()).orElse(ABSENT));
        return document == ABSENT ? Optional.empty() : Optional.of(read(MessageRecord.class, document));
    }

    /**
     * The messages with seqs {@code from..to} (inclusive, either order), in the order asked for, as this batch
     * leaves them. Those the batch has not touched are read from the store and not kept.
     */
    public List<MessageRecord> messages(String conversationId, long from, long to) {
        List<String> keys = MessageStore.keys(conversationId, from, to);
        List<String> unknown = keys.stream().filter(key -> !messages.containsKey(key)).toList();
        Map<String, MessageRecord> stored = new HashMap<>();
        if (!unknown.isEmpty()) {
            model.messages().findAll(unknown).forEach(message -> stored.put(message.id(), message));
        }
        List<MessageRecord> range = new ArrayList<>();
        for (String key : keys) {
            Document held = messages.get(key);
            MessageRecord message = held == null ? stored.get(key) : held == ABSENT ? null : read(MessageRecord.class,
                    held);
            if (message != null) {
                range.add(message);
            }
        }
        return range;
    }

    /** A message is written once under its key; a repeated delivery leaves the stored one as it is. */
    public void insert(MessageRecord message) {
        Document held = messages.get(message.id());
        if (held == null || held == ABSENT) {
            messages.put(message.id(), write(message));
            insertedMessages.add(message.id());
        }
        done();
    }

    /** Applies {@code update} to a message {@link #message} found. */
    public void update(MessageRecord message, Update update) {
        Document document = messages.get(message.id());
        if (document == null || document == ABSENT) {
            throw new IllegalStateException("message " + message.id() + " was not read before its change");
        }
        apply(update, document, MessageRecord.class);
        insertedMessages.remove(message.id());
        changedMessages.add(message.id());
        done();
    }

    /** A lookup document written once under a fixed {@code _id}; a repeated delivery changes nothing. */
    public void insertOnce(Object document, String base) {
        Document written = write(document);
        writtenOnce.computeIfAbsent(base, name -> new LinkedHashMap<>()).putIfAbsent(written.get("_id"), written);
        done();
    }

    /** A document written once under a fixed id, as this batch leaves it (not kept: lookups are read rarely). */
    public <T> Optional<T> findOnce(String id, Class<T> type, String base) {
        Object stored = StoredIds.of(id);
        if (removed.getOrDefault(base, Set.of()).contains(stored)) {
            return Optional.empty();
        }
        Document pending = writtenOnce.getOrDefault(base, Map.of()).get(stored);
        Document found = pending != null ? pending : collection(base).find(eq("_id", stored)).first();
        return Optional.ofNullable(found).map(document -> read(type, document));
    }

    /** Removes documents written once under fixed ids, whether this batch or an earlier one wrote them. */
    public void removeOnce(Collection<String> ids, String base) {
        for (String id : ids) {
            Object stored = StoredIds.of(id);
            Map<Object, Document> pending = writtenOnce.get(base);
            if (pending != null) {
                pending.remove(stored);
            }
            removed.computeIfAbsent(base, name -> new LinkedHashSet<>()).add(stored);
        }
        done();
    }

    /**
     * Writes what the batch changed, one bulk command per collection, then tells the waiting requests which
     * versions their conversations reached.
     */
    public void flush() {
        MongoCollection<Document> messageRecords = collection(ReadModel.MESSAGES);
        BulkWrites.insertOnce(messageRecords, insertedMessages.stream().map(messages::get).toList());
        BulkWrites.replaceAll(messageRecords, changedMessages.stream().map(messages::get).toList());
        writtenOnce.forEach((base, documents) -> BulkWrites.insertOnce(collection(base),
                List.copyOf(documents.values())));
        removed.forEach((base, ids) -> collection(base).deleteMany(in("_id", ids)));
        BulkWrites.replaceAll(collection(ReadModel.CONVERSATIONS),
                changedConversations.stream().map(conversations::get).toList());
        for (String conversationId : changedConversations) {
            Document record = conversations.get(conversationId);
            model.conversations().announce(conversationId, record.get("version", Number.class).longValue(),
                    () -> new AppliedVersions.Written(read(ConversationRecord.class, record),
                            writtenMessages(conversationId)));
        }
        insertedMessages.clear();
        changedMessages.clear();
        writtenOnce.clear();
        removed.clear();
        changedConversations.clear();
    }

    /** The messages of a conversation this batch inserted or changed, by seq. */
    private Map<Long, MessageRecord> writtenMessages(String conversationId) {
        String prefix = MessageRecord.keyPrefix(conversationId);
        Map<Long, MessageRecord> written = new HashMap<>();
        for (Set<String> keys : List.of(insertedMessages, changedMessages)) {
            keys.stream().filter(key -> key.startsWith(prefix)).map(messages::get)
                    .map(document -> read(MessageRecord.class, document))
                    .forEach(message -> written.put(message.seq(), message));
        }
        return written;
    }

    private void done() {
        if (immediate) {
            flush();
        }
    }

    private MongoCollection<Document> collection(String base) {
        return model.mongo().getCollection(model.collection(base)).withWriteConcern(DERIVED);
    }

    private <T> T read(Class<T> type, Document document) {
        return converter.read(type, document);
    }

    private Document write(Object record) {
        Document document = new Document();
        converter.write(record, document);
        return document;
    }

    /**
     * Applies an update to a document in memory, as the store would: the update is first mapped to the store's
     * form (field names, converted values), then its top-level operators are applied.
     */
    private void apply(Update update, Document document, Class<?> type) {
        MongoPersistentEntity<?> entity = converter.getMappingContext().getPersistentEntity(type);
        Document mapped = updates.getMappedObject(update.getUpdateObject(), entity);
        for (Map.Entry<String, Object> operator : mapped.entrySet()) {
            Document fields = (Document) operator.getValue();
            for (Map.Entry<String, Object> field : fields.entrySet()) {
                String name = field.getKey();
                if (name.contains(".")) {
                    throw new UnsupportedOperationException("a batched update names a nested field: " + name);
                }
                Object value = field.getValue();
                switch (operator.getKey()) {
                    case "$set" -> document.put(name, value);
                    case "$unset" -> document.remove(name);
                    case "$inc" -> document.put(name, add((Number) document.get(name), (Number) value));
                    case "$addToSet" -> addEach(document, name, value, true);
                    case "$push" -> addEach(document, name, value, false);
                    case "$pull" -> list(document, name).removeIf(element -> element.equals(value));
                    default -> throw new UnsupportedOperationException(
                            "a batched update uses " + operator.getKey());
                }
            }
        }
    }

    private static Number add(Number current, Number by) {
        if (current == null) {
            return by;
        }
        boolean whole = (current instanceof Long || current instanceof Integer)
                && (by instanceof Long || by instanceof Integer);
        return whole ? (Number) (current.longValue() + by.longValue()) : (Number) (current.doubleValue() + by.doubleValue());
    }

    private static void addEach(Document document, String name, Object value, boolean unique) {
        List<Object> list = list(document, name);
        List<?> added = value instanceof Document each && each.containsKey("$each")
                ? (List<?>) each.get("$each")
                : List.of(value);
        for (Object element : added) {
            if (!unique || !list.contains(element)) {
                list.add(element);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Document document, String name) {
        Object present = document.get(name);
        List<Object> list = present == null ? new ArrayList<>() : new ArrayList<>((List<Object>) present);
        document.put(name, list);
        return list;
    }
}
