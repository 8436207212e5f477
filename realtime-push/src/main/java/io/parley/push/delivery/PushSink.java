package io.parley.push.delivery;

import java.util.Collection;

/** Where deliveries go: the live connections of this node (the Socket.IO transport implements it). */
public interface PushSink {

    /** To every connection of these users, but {@code exceptConnectionId} (may be null). */
    void toUsers(Collection<String> userIds, String event, Object payload, String exceptConnectionId);

    void toConnection(String connectionId, String event, Object payload);
}
