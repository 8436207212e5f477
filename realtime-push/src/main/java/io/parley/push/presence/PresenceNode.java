package io.parley.push.presence;

import io.parley.push.socket.ClientEvents;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * This node's part of presence: how many connections each user has open here. The first to open says
 * {@code ONLINE}, the last to close {@code OFFLINE}; every {@code heartbeat-interval} the node lists all its online
 * users, which tells the others it is alive; stopping cleanly it says {@code GOODBYE}. Signals are sent in the order
 * the counts changed, from one thread of their own, so a Kafka that is slow or away never holds a connection up.
 */
@Component
@EnableConfigurationProperties(PresenceProperties.class)
class PresenceNode implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(PresenceNode.class);
    /** Users per heartbeat record: 500 ids of the longest kind (128 characters) are about 65 KB. */
    static final int HEARTBEAT_PART = 500;
    private static final Duration STOP_WAIT = Duration.ofSeconds(2);

    /** A new id every start: a restarted node is a new node, and the old one's users expire with it. */
    private final String id = UUID.randomUUID().toString();
    private final PresenceTopic topic;
    private final PresenceProperties properties;
    private final Map<String, Integer> connections = new HashMap<>();
    private final ScheduledExecutorService sender = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "parley-presence-sender");
        thread.setDaemon(true);
        return thread;
    });
    private boolean running;

    PresenceNode(ClientEvents events, PresenceTopic topic, PresenceProperties properties) {
        this.topic = topic;
        this.properties = properties;
        events.onConnect(connection -> opened(connection.userId()));
        events.onDisconnect(connection -> closed(connection.userId()));
    }

    String id() {
        return id;
    }

    /** To the millisecond, as every other time Parley shows. */
    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    private synchronized void opened(String userId) {
        if (connections.merge(userId, 1, Integer::sum) == 1 && running) {
            send(PresenceSignal.online(id, userId, now()));
        }
    }

    private synchronized void closed(String userId) {
        if (!connections.containsKey(userId)) {
            return;
        }
        Integer left = connections.computeIfPresent(userId, (user, count) -> count > 1 ? count - 1 : null);
        if (left == null && running) {
            send(PresenceSignal.offline(id, userId, now()));
        }
    }

    /** On the sender's thread, so it stays in order with the signals queued before it. */
    private void heartbeat() {
        List<String> online;
        synchronized (this) {
            if (!running) {
                return;
            }
            online = List.copyOf(connections.keySet());
        }
        PresenceSignal.heartbeat(id, online, HEARTBEAT_PART, now()).forEach(this::publish);
    }

    private void send(PresenceSignal signal) {
        sender.execute(() -> publish(signal));
    }

    private void publish(PresenceSignal signal) {
        try {
            topic.publish(signal);
        } catch (RuntimeException e) {
            // the next heartbeat corrects what this one would have said
            log.warn("could not publish a presence signal", e);
        }
    }

    /** The first heartbeat goes at once: it lists whoever connected before the node started publishing. */
    @Override
    public synchronized void start() {
        running = true;
        long interval = properties.heartbeatInterval().toMillis();
        sender.scheduleAtFixedRate(this::heartbeat, 0, interval, TimeUnit.MILLISECONDS);
    }

    /**
     * Sends what is queued, then the goodbye, waiting a little for Kafka to take it: with Kafka away the node still
     * stops in seconds, and the others expire it instead.
     */
    @Override
    public void stop() {
        synchronized (this) {
            running = false;
        }
        sender.shutdown();
        try {
            if (!sender.awaitTermination(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                sender.shutdownNow();
            }
            topic.publish(PresenceSignal.goodbye(id, now())).get(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            log.warn("could not say goodbye on the presence topic; the other nodes will expire this one", e);
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return running;
    }
}
