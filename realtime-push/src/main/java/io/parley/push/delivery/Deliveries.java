package io.parley.push.delivery;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.push.feed.AppendedEvent;
import io.parley.push.feed.FeedAnswers;
import io.parley.push.feed.FeedStream;
import io.parley.push.feed.LiveFeed;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Delivers each connection of this node its user's feed: from the cursor it connected with (or the stream's head),
 * then every event as it arrives live. {@link #open}, {@link #sync} and {@link #close} are called in the
 * connection's own order (on its queue); live events join that queue, so one connection's deliveries never
 * interleave. A live event is written for the wire once on this node, whatever the number of its recipients here.
 */
@Component
public class Deliveries {

    private final FeedStream stream;
    private final FeedAnswers answers;
    private final PushSink sink;
    private final ObjectMapper json;
    private final Map<String, FeedDelivery> byConnection = new ConcurrentHashMap<>();
    private final Map<String, Set<FeedDelivery>> byUser = new ConcurrentHashMap<>();

    Deliveries(FeedStream stream, FeedAnswers answers, PushSink sink, LiveFeed live, ObjectMapper json) {
        this.stream = stream;
        this.answers = answers;
        this.sink = sink;
        this.json = json;
        live.onAppended(this::offer);
    }

    /**
     * A new connection: replays what it missed since {@code since} (null: nothing), then {@code sync_complete}. It
     * is listed for live events before it reads the stream, so every event stored after that read reaches it live;
     * it reads the stream once it holds every send answered so far, so what its user was told is sent is replayed.
     */
    public void open(String connectionId, String userId, String since) {
        FeedDelivery delivery = new FeedDelivery(connectionId, userId, stream, sink, json);
        byConnection.put(connectionId, delivery);
        byUser.compute(userId, (user, deliveries) -> {
            Set<FeedDelivery> owned = deliveries == null ? ConcurrentHashMap.newKeySet() : deliveries;
            owned.add(delivery);
            return owned;
        });
        if (since != null) {
            answers.awaitAll();
        }
        delivery.start(since);
    }

    /** The client's {@code sync}: everything after {@code since} this connection has not had yet. */
    public void sync(String connectionId, String since) {
        FeedDelivery delivery = byConnection.get(connectionId);
        if (delivery != null) {
            answers.awaitAll();
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
        Framed framed = null;
        for (String userId : appended.recipients()) {
            Set<FeedDelivery> here = byUser.get(userId);
            if (here != null) {
                if (framed == null) {
                    framed = new Framed(appended.event());
                }
                Framed once = framed;
                here.forEach(delivery -> sink.enqueue(delivery.connectionId(),
                        () -> delivery.live(once, appended.continuousSince())));
            }
        }
    }
}
