package io.parley.push.delivery;

import static io.parley.kernel.api.realtime.RealtimeEvents.MESSAGE_SENT;
import static io.parley.kernel.api.realtime.RealtimeEvents.NEW_MESSAGE;
import static io.parley.kernel.api.realtime.RealtimeEvents.SYNC_COMPLETE;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.kernel.error.ParleyException;
import io.parley.push.feed.Cursors;
import io.parley.push.feed.FeedEvent;
import io.parley.push.feed.FeedStream;
import java.util.List;
import java.util.Map;

/**
 * One connection's place in the feed stream. Every event its user hears in {@code (floor, last]} has been delivered
 * to it, none outside. A live event is dropped when it is at or before {@code last} (delivered already), delivered
 * when this node's reader has had every record since {@code last}, and otherwise read from the stream up to it (a
 * record missed or overtaken on the way), so the seam between replay and live has neither a hole nor a repeat.
 * Used only on the connection's queue.
 */
final class FeedDelivery {

    /** Events delivered from one read of the stream; each conversation's stream is read a page of 100 at a time. */
    private static final int PAGE = 100;

    private final String connectionId;
    private final String userId;
    private final FeedStream stream;
    private final PushSink sink;
    private final ObjectMapper json;
    private long floor;
    private long last;

    FeedDelivery(String connectionId, String userId, FeedStream stream, PushSink sink, ObjectMapper json) {
        this.connectionId = connectionId;
        this.userId = userId;
        this.stream = stream;
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
     * {@code sync_complete}. A cursor that names no place in the stream is refused with the {@code error} event, and
     * delivery starts at the head. The connection is already listed for live events: the head is taken after that,
     * so whatever is stored later reaches it live.
     */
    void start(String since) {
        long head = stream.head();
        long start;
        try {
            start = since == null ? head : place(since, head);
        } catch (ParleyException refused) {
            sink.emit(connectionId, "error", Map.of(
                    "message", refused.getMessage(), "code", refused.code().code(), "event", "connect"));
            start = head;
        }
        floor = start;
        last = start;
        catchUp(head);
    }

    /**
     * The client's {@code sync}: what this connection has not had of everything after {@code since} (older events
     * first when the client reaches back before this connection's start), then {@code sync_complete}.
     */
    void sync(String since) {
        long head = stream.head();
        long from = place(since, head);
        if (from < floor) {
            deliverStored(from, floor);
            floor = from;
        } else if (from > last) {
            // the client has these from another connection
            last = from;
        }
        catchUp(head);
    }

    /** An event that has just been stored, on this or another node, which this connection's user hears. */
    void live(Framed framed, long continuousSince) {
        long position = framed.event().position();
        if (position <= last) {
            return;
        }
        if (continuousSince > last + 1) {
            deliverStored(last, position);
        } else {
            deliver(framed);
        }
        last = position;
    }

    private long place(String cursor, long head) {
        long position = Cursors.position(cursor);
        if (position > head && !stream.has(position)) {
            throw ParleyException.validation("since names no place in the feed");
        }
        return position;
    }

    private void catchUp(long head) {
        if (head > last) {
            deliverStored(last, head);
            last = head;
        }
        sink.emit(connectionId, SYNC_COMPLETE, Map.of("cursor", Cursors.of(last)));
    }

    /** Delivers the stored events the user hears after {@code from}, up to {@code upTo}. */
    private void deliverStored(long from, long upTo) {
        FeedStream.Reader reader = stream.reader(userId, from, upTo);
        for (List<FeedEvent> page = reader.next(PAGE); !page.isEmpty(); page = reader.next(PAGE)) {
            page.forEach(event -> deliver(new Framed(event)));
        }
    }

    private void deliver(Framed framed) {
        FeedEvent event = framed.event();
        if (NEW_MESSAGE.equals(event.event()) && connectionId.equals(event.origin())) {
            sink.emit(connectionId, MESSAGE_SENT, framed.messageSent(json));
        } else {
            sink.emit(connectionId, event.event(), framed.frame());
        }
    }
}
