package io.parley.push.delivery;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.push.feed.AppendedEvent;
import io.parley.push.feed.FeedEntry;
import io.parley.push.feed.LiveFeed;
import io.parley.push.feed.UserFeeds;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Delivers each connection of this node its user's feed: from the cursor it connected with (or the feed's head),
 * then every entry as it arrives live. {@link #open}, {@link #sync} and {@link #close} are called in the connection's
 * own order (on its queue); live entries join that queue, so one connection's deliveries never interleave.
 */
@Component
public class Deliveries {

    private final UserFeeds feeds;
    private final PushSink sink;
    private final ObjectMapper json;
    private final Map<String, FeedDelivery> byConnection = new ConcurrentHashMap<>();
    private final Map<String, Set<FeedDelivery>> byUser = new ConcurrentHashMap<>();

    Deliveries(UserFeeds feeds, PushSink sink, LiveFeed live, ObjectMapper json) {
        this.feeds = feeds;
        this.sink = sink;
        this.json = json;
        live.onAppended(this::offer);
    }

    /** A new connection: replays what it missed since {@code since} (null: nothing), then {@code sync_complete}. */
    public void open(String connectionId, String userId, String since) {
        FeedDelivery delivery = new FeedDelivery(connectionId, userId, feeds, sink, json);
        byConnection.put(connectionId, delivery);
        byUser.compute(userId, (user, deliveries) -> {
            Set<FeedDelivery> owned = deliveries == null ? ConcurrentHashMap.newKeySet() : deliveries;
            owned.add(delivery);
            return owned;
        });
        delivery.start(since);
    }

    /** The client's {@code sync}: everything after {@code since} this connection has not had yet. */
    public void sync(String connectionId, String since) {
        FeedDelivery delivery = byConnection.get(connectionId);
        if (delivery != null) {
            delivery.sync(since);
        }
    }

    public void close(String connectionId) {
        FeedDelivery delivery = byConnection.remove(connectionId);
        if (delivery != null) {
            byUser.computeIfPresent(delivery.userId(), (user, deliveries) -> {
                deliveries.remove(delivery);
                return deliveries.isEmpty() ? null : deliveries;
            });
        }
    }

    private void offer(AppendedEvent appended) {
        for (String userId : appended.seqByUser().keySet()) {
            Set<FeedDelivery> here = byUser.get(userId);
            if (here != null) {
                FeedEntry entry = appended.entryOf(userId);
                here.forEach(delivery -> sink.enqueue(delivery.connectionId(), () -> delivery.live(entry)));
            }
        }
    }
}
