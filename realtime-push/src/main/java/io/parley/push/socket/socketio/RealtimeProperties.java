package io.parley.push.socket.socketio;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * {@code parley.realtime.*}: the heartbeat the server announces in the handshake (Socket.IO's own defaults), the
 * largest message a client may send, the threads that run client-event handlers (mostly waiting: a send holds its
 * thread until the read model shows the message, so too few cap throughput at threads / latency), and how many
 * client events one connection may send per second on average ({@code events-per-second}) and at once
 * ({@code event-burst}), and the same for all of one user's connections on a node together
 * ({@code user-events-per-second}, {@code user-event-burst}).
 */
@ConfigurationProperties("parley.realtime")
public record RealtimeProperties(
        @DefaultValue("25s") Duration pingInterval,
        @DefaultValue("20s") Duration pingTimeout,
        @DefaultValue("1MB") DataSize maxPayload,
        @DefaultValue("128") int handlerThreads,
        @DefaultValue("20") int eventsPerSecond,
        @DefaultValue("40") int eventBurst,
        @DefaultValue("30") int userEventsPerSecond,
        @DefaultValue("60") int userEventBurst) {
}
