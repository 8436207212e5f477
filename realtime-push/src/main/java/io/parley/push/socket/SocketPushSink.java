package io.parley.push.socket;

import io.parley.push.delivery.PushSink;
import org.springframework.stereotype.Component;

/** Carries the feed's deliveries to this node's live connections. */
@Component
class SocketPushSink implements PushSink {

    private final RealtimeConnections connections;

    SocketPushSink(RealtimeConnections connections) {
        this.connections = connections;
    }

    @Override
    public void emit(String connectionId, String event, Object payload) {
        connections.emitToConnection(connectionId, event, payload);
    }

    @Override
    public void enqueue(String connectionId, Runnable task) {
        connections.enqueue(connectionId, task);
    }
}
