package io.parley.push.socket.socketio;

import io.parley.kernel.RateLimit;
import io.parley.push.socket.Connection;
import io.socket.socketio.server.SocketIoSocket;
import java.time.Instant;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A connection as the glue keeps it: ours, the library's socket behind it, its own ordered executor, the rates its
 * client events are held to (its own, and its user's on this node, shared by all of that user's connections here),
 * and until when its token is accepted (moved on by {@code refresh_token}).
 */
record LiveConnection(Connection connection, SocketIoSocket socket, Executor tasks, RateLimit rateLimit,
                      RateLimit userRateLimit, AtomicReference<Instant> acceptedUntil) {

    String id() {
        return connection.id();
    }

    /** Sends one event with one argument, already converted for the wire. */
    void send(String event, Object wirePayload) {
        if (socket.isConnected()) {
            socket.send(event, wirePayload);
        }
    }
}
