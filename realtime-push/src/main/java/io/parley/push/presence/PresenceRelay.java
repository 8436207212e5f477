package io.parley.push.presence;

import io.parley.support.infra.TopicTail;
import io.parley.push.feed.Memberships;
import io.parley.push.socket.RealtimeConnections;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Keeps this node's {@link PresenceBook} from the presence topic, expires the nodes that went quiet, and pushes each
 * change of a user's status to this node's connections of the users who share a live conversation with them. One
 * thread applies records, expiries and pushes, so the pushes leave in the order the changes happened. What the topic
 * held before this node started only fills the book: those changes are old news, pushed to nobody.
 */
@Component
class PresenceRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(PresenceRelay.class);

    private final PresenceTopic topic;
    private final PresenceProperties properties;
    private final Memberships memberships;
    private final RealtimeConnections connections;
    private final PresenceBook book;
    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "parley-presence");
        thread.setDaemon(true);
        return thread;
    });
    private volatile boolean caughtUp;
    private volatile TopicTail tail;

    PresenceRelay(PresenceTopic topic, PresenceProperties properties, PresenceNode node, Memberships memberships,
            RealtimeConnections connections) {
        this.topic = topic;
        this.properties = properties;
        this.memberships = memberships;
        this.connections = connections;
        this.book = new PresenceBook(node.id());
    }

    /** The presence of those of {@code userIds} who share a live conversation with {@code caller}, in that order. */
    List<Presence> visibleTo(String caller, List<String> userIds) {
        Set<String> contacts = memberships.contactsOf(caller);
        return userIds.stream().distinct().filter(contacts::contains).map(book::of).toList();
    }

    @Override
    public void start() {
        tail = topic.read(signal -> worker.execute(() -> push(book.apply(signal))), () -> worker.execute(() -> {
            // nodes that died before this one started went offline for everyone else long ago: no news to push
            book.expire(Instant.now(), properties.expiry());
            caughtUp = true;
        }));
        long interval = properties.heartbeatInterval().toMillis();
        worker.scheduleAtFixedRate(this::expire, interval, interval, TimeUnit.MILLISECONDS);
    }

    /** Not before the book is caught up: a heartbeat still unread would make a live node look dead. */
    private void expire() {
        try {
            if (caughtUp) {
                push(book.expire(Instant.now(), properties.expiry()));
            }
        } catch (RuntimeException e) {
            // a periodic task that throws is never run again
            log.warn("could not expire quiet nodes", e);
        }
    }

    private void push(List<Presence> changes) {
        if (!caughtUp) {
            return;
        }
        for (Presence change : changes) {
            try {
                connections.emitToUsers(memberships.contactsOf(change.userId()), Presence.EVENT, change);
            } catch (RuntimeException e) {
                log.warn("could not push the presence of {}", change.userId(), e);
            }
        }
    }

    @Override
    public void stop() {
        if (tail != null) {
            tail.close();
            tail = null;
        }
        worker.shutdownNow();
    }

    @Override
    public boolean isRunning() {
        return tail != null;
    }
}
