package io.parley.push.socket;

import java.util.Collection;
import java.util.List;

/**
 * Pushes to the connections that live on this node. Payloads are plain Java objects (records, maps, views);
 * they become JSON in one place, the same way REST bodies do. Pushing to a user or connection that is not here
 * does nothing: fan-out across nodes is the caller's concern.
 */
public interface RealtimeConnections {

    /** Sends {@code event} to every live connection of {@code userId} on this node. */
    default void emitToUser(String userId, String event, Object payload) {
        emitToUsers(List.of(userId), event, payload);
    }

    /** Sends {@code event} to every live connection of each of {@code userIds} on this node, written once. */
    void emitToUsers(Collection<String> userIds, String event, Object payload);

    /** Sends {@code event} to one connection, if it is still live here. */
    void emitToConnection(String connectionId, String event, Object payload);

    /**
     * Runs {@code task} in the connection's own order, after the client events and tasks already queued for it; not
     * at all when the connection is not live here.
     */
    void enqueue(String connectionId, Runnable task);

    /** The user's live connections on this node, in no particular order. */
    List<Connection> connectionsOf(String userId);
}
