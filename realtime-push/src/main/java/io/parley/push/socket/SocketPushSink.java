package io.parley.push.socket;

import io.parley.push.delivery.PushSink;
import java.util.Collection;
import org.springframework.stereotype.Component;

/** Carries the stream's deliveries to this node's live connections. */
@Component
class SocketPushSink implements PushSink {

    private final RealtimeConnections connections;

    SocketPushSink(RealtimeConnections connections) {
        this.connections = connections;
    }

    @Override
    public void toUsers(Collection<String> userIds, String event, Object payload, String exceptConnectionId) {
        for (String userId : userIds) {
            for (Connection connection : connections.connectionsOf(userId)) {
                if (!connection.id().equals(exceptConnectionId)) {
                    connections.emitToConnection(connection.id(), event, payload);
                }
            }
        }
    }

    @Override
    public void toConnection(String connectionId, String event, Object payload) {
        connections.emitToConnection(connectionId, event, payload);
    }
}
