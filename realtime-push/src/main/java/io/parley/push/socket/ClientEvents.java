package io.parley.push.socket;

import java.util.function.Consumer;

/**
 * Where features plug into the realtime connections: a handler per client event name, and listeners for
 * connections that open and close. One connection's events, connect and disconnect are handled one at a time,
 * in the order they arrived, off the transport's threads.
 */
public interface ClientEvents {

    /** Registers the one handler of {@code event}; a second registration of the same name is a programming error. */
    void on(String event, ClientEventHandler handler);

    /** Called once a connection has been authenticated and acknowledged. */
    void onConnect(Consumer<Connection> listener);

    /** Called once per connection when it closes, whatever the reason (client left, heartbeat lost, server). */
    void onDisconnect(Consumer<Connection> listener);
}
