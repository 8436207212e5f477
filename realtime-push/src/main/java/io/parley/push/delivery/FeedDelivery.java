package io.parley.push.delivery;

import static io.parley.kernel.api.realtime.RealtimeEvents.MESSAGE_SENT;
import static io.parley.kernel.api.realtime.RealtimeEvents.NEW_MESSAGE;
import static io.parley.kernel.api.realtime.RealtimeEvents.SYNC_COMPLETE;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import io.parley.kernel.error.ParleyException;
import io.parley.push.feed.Cursors;
import io.parley.push.feed.FeedEntry;
import io.parley.push.feed.UserFeeds;
import java.util.List;
import java.util.Map;

/**
 * One connection's place in its user's feed. Every entry in {@code (floor, last]} has been delivered to it, none
 * outside; an entry arriving live is delivered if it is the next one, dropped if it was delivered already, and
 * when it comes after a gap (entries still on their way, or the replay still behind) the feed is read up to it,
 * so the seam between replay and live has neither a hole nor a repeat. Used only on the connection's queue.
 */
final class FeedDelivery {

    /**
     * Entries read at once: one {@code $in} of this many {@code _id}s. The embedded store matches every document it
     * finds against the whole list, so a page costs its size squared; 100 read 10,000 entries fastest there.
     */
    private static final int PAGE = 100;

    private final String connectionId;
    private final String userId;
    private final UserFeeds feeds;
    private final PushSink sink;
    private final ObjectMapper json;
    private long floor;
    private long last;

    FeedDelivery(String connectionId, String userId, UserFeeds feeds, PushSink sink, ObjectMapper json) {
        this.connectionId = connectionId;
        this.userId = userId;
        this.feeds = feeds;
        this.sink = sink;
        this.json = json;
    }

    String connectionId() {
        return connectionId;
    }

    String userId() {
        return userId;
    }

    /**
     * Starts at {@code since} and catches up, or at the head when the client brought no cursor; then
     * {@code sync_complete}. A cursor that names no place in the feed is refused with the {@code error} event, and
     * delivery starts at the head.
     */
    void start(String since) {
        long start;
        try {
            start = since == null ? feeds.head(userId) : place(since);
        } catch (ParleyException refused) {
            sink.emit(connectionId, "error", Map.of(
                    "message", refused.getMessage(), "code", refused.code().code(), "event", "connect"));
            start = feeds.head(userId);
        }
        floor = start;
        last = start;
        catchUp();
    }

    /**
     * The client's {@code sync}: what this connection has not had of everything after {@code since} (older entries
     * first when the client reaches back before this connection's start), then {@code sync_complete}.
     */
    void sync(String since) {
        long from = place(since);
        if (from < floor) {
            deliverStored(from, floor);
            floor = from;
        } else if (from > last) {
            // the client has these from another connection
            last = from;
        }
        catchUp();
    }

    /** An entry that has just been appended to the user's feed, on this or another node. */
    void live(FeedEntry entry) {
        if (entry.seq() == last + 1) {
            deliver(entry);
            last = entry.seq();
        } else if (entry.seq() > last) {
            readOn();
        }
    }

    private long place(String cursor) {
        long seq = Cursors.seq(cursor);
        if (!feeds.has(userId, seq)) {
            throw ParleyException.validation("since names no place in this user's feed");
        }
        return seq;
    }

    private void catchUp() {
        readOn();
        sink.emit(connectionId, SYNC_COMPLETE, Map.of("cursor", Cursors.of(last)));
    }

    /** Delivers every stored entry after {@code last}. */
    private void readOn() {
        last = deliverStored(last, Long.MAX_VALUE);
    }

    /** Delivers the stored entries after {@code from}, up to {@code upTo}; returns the seq of the last delivered. */
    private long deliverStored(long from, long upTo) {
        long seq = from;
        List<FeedEntry> page;
        do {
            page = feeds.after(userId, seq, (int) Math.min(PAGE, upTo - seq));
            for (FeedEntry entry : page) {
                deliver(entry);
                seq = entry.seq();
            }
        } while (page.size() == PAGE && seq < upTo);
        return seq;
    }

    private void deliver(FeedEntry entry) {
        if (NEW_MESSAGE.equals(entry.event()) && connectionId.equals(entry.origin())) {
            sink.emit(connectionId, MESSAGE_SENT, positioned(messageOnly(entry.payload()), entry));
        } else {
            sink.emit(connectionId, entry.event(), positioned(entry.payload(), entry));
        }
    }

    /**
     * The stored payload with the entry's eventId and cursor added, as JSON text: a replay sends thousands, so they
     * are spliced in rather than parsed and written again (the payload is an object; both values are plain).
     */
    private static RawValue positioned(String payload, FeedEntry entry) {
        return new RawValue(payload.substring(0, payload.lastIndexOf('}'))
                + ",\"eventId\":\"" + entry.eventId() + "\",\"cursor\":\"" + entry.cursor() + "\"}");
    }

    /** {@code message_sent} carries the message alone. */
    private String messageOnly(String newMessage) {
        try {
            ObjectNode payload = (ObjectNode) json.readTree(newMessage);
            return json.writeValueAsString(payload.retain("message"));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored new_message of " + userId + " is not JSON", e);
        }
    }
}
