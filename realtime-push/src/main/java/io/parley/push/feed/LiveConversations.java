package io.parley.push.feed;

import static com.mongodb.client.model.Filters.eq;

import com.mongodb.WriteConcern;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import io.parley.support.infra.StoredIds;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * Each user's conversations, one small document per user ({@code _id} the user id) in {@value #COLLECTION}, kept by
 * the feed processor and written only when the user's membership changes: a conversation joins the user's live list
 * ({@code conversations}) when it is created with them or they are added, and leaves it when they are removed or it
 * is deleted; each such change is also noted with its position in the feed stream ({@code changes}), so catch-up
 * knows which part of each conversation's stream the user hears ({@link #spansOf}). It answers "who shares a
 * conversation with this user" and "which streams does this user read" with one read by {@code _id} instead of a
 * scan of every conversation (the embedded store has no index on participants). {@code $addToSet} and {@code $pull}
 * make a repeated event change nothing: a repeat carries the same position.
 */
@Component
class LiveConversations {

    static final String COLLECTION = "feed_user_conversations";

    /** The part of one conversation's stream a user hears: positions {@code from} to {@code to}, both included. */
    record Span(String conversationId, long from, long to) {

        boolean covers(long position) {
            return from <= position && position <= to;
        }
    }

    private final MongoTemplate mongo;

    LiveConversations(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    /**
     * Users who hear the conversation from {@code position} on, that event included ({@code joining}), or up to it,
     * that event included, and nothing after.
     */
    record Change(Collection<String> userIds, String conversationId, long position, boolean joining) {
    }

    /** Writes the changes in order, one command for all of them. */
    void apply(List<Change> changes, WriteConcern concern) {
        List<UpdateOneModel<Document>> updates = new ArrayList<>();
        for (Change change : changes) {
            Document noted = change(change.conversationId(), change.position(), change.joining());
            Document update = change.joining()
                    ? new Document("$addToSet", new Document("conversations", change.conversationId())
                            .append("changes", noted))
                    : new Document("$pull", new Document("conversations", change.conversationId()))
                            .append("$addToSet", new Document("changes", noted));
            change.userIds().forEach(userId -> updates.add(new UpdateOneModel<>(eq("_id", StoredIds.of(userId)),
                    update, new UpdateOptions().upsert(true))));
        }
        if (!updates.isEmpty()) {
            mongo.getCollection(COLLECTION).withWriteConcern(concern).bulkWrite(updates);
        }
    }

    List<String> of(String userId) {
        Document index = mongo.findById(userId, Document.class, COLLECTION);
        return index == null ? List.of() : index.getList("conversations", String.class);
    }

    /**
     * Every span of every conversation the user was ever a member of, a current membership up to the end. A
     * membership older than the feed stream (a deployment that ran Parley's earlier per-user feeds: it has no noted
     * change) spans from the stream's start.
     */
    List<Span> spansOf(String userId) {
        Document index = mongo.findById(userId, Document.class, COLLECTION);
        if (index == null) {
            return List.of();
        }
        List<Document> changes = index.getList("changes", Document.class);
        List<Document> ordered = new ArrayList<>(changes == null ? List.of() : changes);
        ordered.sort(Comparator.comparingLong(change -> change.get("at", Number.class).longValue()));
        Set<String> noted = new HashSet<>();
        ordered.forEach(change -> noted.add(change.getString("c")));
        Map<String, Long> open = new LinkedHashMap<>();
        List<String> live = index.getList("conversations", String.class);
        if (live != null) {
            live.stream().filter(conversationId -> !noted.contains(conversationId))
                    .forEach(conversationId -> open.put(conversationId, 0L));
        }
        List<Span> spans = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Document change : ordered) {
            String conversationId = change.getString("c");
            long at = change.get("at", Number.class).longValue();
            boolean first = seen.add(conversationId);
            if (change.getBoolean("in")) {
                open.putIfAbsent(conversationId, at);
            } else {
                Long from = open.remove(conversationId);
                if (from != null || first) {
                    spans.add(new Span(conversationId, from == null ? 0 : from, at));
                }
            }
        }
        open.forEach((conversationId, from) -> spans.add(new Span(conversationId, from, Long.MAX_VALUE)));
        return spans;
    }

    private static Document change(String conversationId, long position, boolean in) {
        return new Document("c", conversationId).append("at", position).append("in", in);
    }

}
