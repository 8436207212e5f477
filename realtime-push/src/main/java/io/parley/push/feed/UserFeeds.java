package io.parley.push.feed;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * Every user's feed: the socket events they are to hear, numbered 1, 2, 3... per user with no gap, kept for as long
 * as the user exists (no retention window). An entry is a document whose {@code _id} is {@code <user>/<seq>}, so
 * every read is by {@code _id} (a point read, or one {@code $in} for a page), which both MongoDB and the embedded
 * store answer from their index; a unique {@code dedupe} key ({@code <user>/<eventId>}) makes an event delivered
 * twice land once.
 *
 * <p>Seqs stay gap-free because an entry is only ever inserted at {@code head + 1}: if another writer took that
 * place first, the insert fails on {@code _id} and the writer moves past it. A feed's head is therefore the largest
 * seq that exists, found by probing; writers cache it.
 */
@Component
public class UserFeeds {

    static final String COLLECTION = "user_feeds";
    private static final int CACHED_HEADS = 100_000;

    private final MongoCollection<Document> entries;
    private final Map<String, Long> heads = Collections.synchronizedMap(new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > CACHED_HEADS;
        }
    });

    public UserFeeds(MongoTemplate mongo) {
        this.entries = mongo.getCollection(COLLECTION);
        entries.createIndex(Indexes.ascending("dedupe"), new IndexOptions().unique(true));
    }

    /**
     * Appends one event to a user's feed, unless it is there already (a redelivery), and returns its entry either way.
     */
    public FeedEntry append(String userId, String eventId, String event, String origin, String payload) {
        String dedupe = userId + "/" + eventId;
        long seq = heads.computeIfAbsent(userId, this::head) + 1;
        while (true) {
            FeedEntry entry = new FeedEntry(userId, seq, eventId, event, origin, payload);
            try {
                entries.insertOne(toDocument(entry).append("dedupe", dedupe));
                heads.put(userId, seq);
                return entry;
            } catch (MongoWriteException e) {
                if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                    throw e;
                }
                Document existing = entries.find(eq("dedupe", dedupe)).first();
                if (existing != null) {
                    return toEntry(existing);
                }
                // another writer took this place: the head is further on
                seq = headFrom(userId, seq) + 1;
            }
        }
    }

    /**
     * Up to {@code limit} entries right after {@code seq}, in order; fewer when the feed ends sooner.
     */
    public List<FeedEntry> after(String userId, long seq, int limit) {
        List<String> keys = LongStream.rangeClosed(seq + 1, seq + limit).mapToObj(next -> key(userId, next)).toList();
        Map<Long, FeedEntry> found = new HashMap<>();
        for (Document document : entries.find(in("_id", keys))) {
            FeedEntry entry = toEntry(document);
            found.put(entry.seq(), entry);
        }
        List<FeedEntry> page = new ArrayList<>(found.size());
        for (long next = seq + 1; found.containsKey(next); next++) {
            page.add(found.get(next));
        }
        return page;
    }

    /** Whether the feed has an entry of that seq: a cursor a client holds names one (or the start, 0). */
    public boolean has(String userId, long seq) {
        return seq == 0 || entries.find(eq("_id", key(userId, seq))).projection(Projections.include("_id")).first()
                != null;
    }

    /** The seq of the user's last entry, 0 for an empty feed. */
    public long head(String userId) {
        return headFrom(userId, 0);
    }

    /** The head, searched from a seq known to exist: doubling steps past it, then halving back. */
    private long headFrom(String userId, long known) {
        long present = known;
        long step = 1;
        while (has(userId, present + step)) {
            present += step;
            step *= 2;
        }
        long absent = present + step;
        while (absent - present > 1) {
            long middle = present + (absent - present) / 2;
            if (has(userId, middle)) {
                present = middle;
            } else {
                absent = middle;
            }
        }
        return present;
    }

    private static String key(String userId, long seq) {
        return userId + "/" + seq;
    }

    private static Document toDocument(FeedEntry entry) {
        return new Document("_id", key(entry.userId(), entry.seq()))
                .append("user", entry.userId())
                .append("seq", entry.seq())
                .append("eventId", entry.eventId())
                .append("event", entry.event())
                .append("origin", entry.origin())
                .append("payload", entry.payload());
    }

    private static FeedEntry toEntry(Document document) {
        return new FeedEntry(document.getString("user"), document.get("seq", Number.class).longValue(),
                document.getString("eventId"), document.getString("event"), document.getString("origin"),
                document.getString("payload"));
    }
}
