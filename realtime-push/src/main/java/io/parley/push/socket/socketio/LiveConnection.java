package io.parley.push.socket.socketio;

import io.parley.push.socket.Connection;
import io.socket.socketio.server.SocketIoSocket;
import java.util.concurrent.Executor;

/**
 * A connection as the glue keeps it: ours, the library's socket behind it, its own ordered executor, and the rate
 * its client events are held to.
 */
record LiveConnection(Connection connection, SocketIoSocket socket, Executor tasks, EventRateLimit rateLimit) {

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
