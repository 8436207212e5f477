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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * Every user's feed: the socket events they are to hear, numbered 1, 2, 3... per user with no gap, kept for as long
 * as the user exists (no retention window). An entry is a small document whose {@code _id} is {@code <user>/<seq>}
 * and which names its event; the event itself ({@link FeedEvent}: name and payload, which for a large group holds
 * every participant) is kept once, in {@value #EVENTS}. Every read is by {@code _id} (a point read, or one
 * {@code $in} for a page), which both MongoDB and the embedded store answer from their index; a unique
 * {@code dedupe} key ({@code <user>/<eventId>}) makes an event delivered twice land once.
 *
 * <p>Seqs stay gap-free because an entry is only ever inserted at {@code head + 1}: if another writer took that
 * place first, the insert fails on {@code _id} and the writer moves past it. A feed's head is therefore the largest
 * seq that exists, found by probing; writers cache it.
 */
@Component
public class UserFeeds {

    static final String COLLECTION = "user_feeds";
    static final String EVENTS = "feed_events";
    private static final int CACHED_HEADS = 100_000;

    private final MongoCollection<Document> entries;
    private final MongoCollection<Document> events;
    private final Map<String, Long> heads = Collections.synchronizedMap(new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > CACHED_HEADS;
        }
    });

    public UserFeeds(MongoTemplate mongo) {
        this.entries = mongo.getCollection(COLLECTION);
        this.events = mongo.getCollection(EVENTS);
        entries.createIndex(Indexes.ascending("dedupe"), new IndexOptions().unique(true));
    }

    /** Keeps an event for the feeds that will list it; keeping it again (a redelivery) changes nothing. */
    public void keep(FeedEvent event) {
        try {
            events.insertOne(new Document("_id", event.eventId())
                    .append("conversationId", event.conversationId())
                    .append("event", event.event())
                    .append("origin", event.origin())
                    .append("payload", event.payload()));
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
        }
    }

    /**
     * Appends a kept event to a user's feed, unless it is there already (a redelivery), and returns its seq there
     * either way.
     */
    public long append(String userId, String eventId) {
        String dedupe = userId + "/" + eventId;
        long seq = heads.computeIfAbsent(userId, this::head) + 1;
        while (true) {
            try {
                entries.insertOne(new Document("_id", key(userId, seq))
                        .append("user", userId)
                        .append("seq", seq)
                        .append("eventId", eventId)
                        .append("dedupe", dedupe));
                heads.put(userId, seq);
                return seq;
            } catch (MongoWriteException e) {
                if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                    throw e;
                }
                Document existing = entries.find(eq("dedupe", dedupe)).first();
                if (existing != null) {
                    return existing.get("seq", Number.class).longValue();
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
        Map<Long, String> eventIds = new HashMap<>();
        for (Document entry : entries.find(in("_id", keys))) {
            eventIds.put(entry.get("seq", Number.class).longValue(), entry.getString("eventId"));
        }
        List<String> listed = new ArrayList<>();
        for (long next = seq + 1; eventIds.containsKey(next); next++) {
            listed.add(eventIds.get(next));
        }
        Map<String, Document> kept = new HashMap<>();
        for (Document event : events.find(in("_id", new HashSet<>(listed)))) {
            kept.put(event.getString("_id"), event);
        }
        List<FeedEntry> page = new ArrayList<>(listed.size());
        for (String eventId : listed) {
            Document event = kept.get(eventId);
            page.add(new FeedEntry(userId, seq + page.size() + 1, eventId, event.getString("event"),
                    event.getString("origin"), event.getString("payload")));
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

}
