package io.parley.push.socket.socketio;

import io.parley.kernel.auth.Caller;
import io.parley.push.socket.ClientEventHandler;
import io.parley.push.socket.ClientEvents;
import io.parley.push.socket.Connection;
import io.parley.push.socket.RealtimeConnections;
import io.socket.socketio.server.SocketIoSocket;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Our interfaces over the library's sockets: which connections live here and whose they are, the registered
 * client-event handlers, and the connect and disconnect listeners.
 */
final class SocketIoRealtime implements RealtimeConnections, ClientEvents {

    /** Names the client library and the protocol keep for themselves; a handler under one would never be asked. */
    private static final Set<String> RESERVED = Set.of(
            "connect", "connect_error", "disconnect", "disconnecting", "newListener", "removeListener");

    private final Map<String, LiveConnection> connections = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> connectionsByUser = new ConcurrentHashMap<>();
    private final Map<String, ClientEventHandler> handlers = new ConcurrentHashMap<>();
    private final List<Consumer<Connection>> connectListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<Connection>> disconnectListeners = new CopyOnWriteArrayList<>();
    private final ExecutorService handlerPool;
    private final JsonBridge json;
    private final ClientEventDispatcher dispatcher;
    private final Supplier<EventRateLimit> rateLimits;

    SocketIoRealtime(ExecutorService handlerPool, JsonBridge json, Supplier<EventRateLimit> rateLimits) {
        this.handlerPool = handlerPool;
        this.json = json;
        this.dispatcher = new ClientEventDispatcher(handlers, json);
        this.rateLimits = rateLimits;
    }

    @Override
    public void emitToUser(String userId, String event, Object payload) {
        Set<String> ids = connectionsByUser.getOrDefault(userId, Set.of());
        if (ids.isEmpty()) {
            return;
        }
        Object wire = json.toWire(payload);
        ids.stream().map(connections::get).filter(Objects::nonNull).forEach(live -> live.send(event, wire));
    }

    @Override
    public void emitToConnection(String connectionId, String event, Object payload) {
        LiveConnection live = connections.get(connectionId);
        if (live != null) {
            live.send(event, json.toWire(payload));
        }
    }

    @Override
    public void enqueue(String connectionId, Runnable task) {
        LiveConnection live = connections.get(connectionId);
        if (live != null) {
            live.tasks().execute(task);
        }
    }

    @Override
    public List<Connection> connectionsOf(String userId) {
        return connectionsByUser.getOrDefault(userId, Set.of()).stream()
                .map(connections::get).filter(Objects::nonNull).map(LiveConnection::connection).toList();
    }

    @Override
    public void on(String event, ClientEventHandler handler) {
        if (RESERVED.contains(event)) {
            throw new IllegalArgumentException(event + " is reserved by Socket.IO");
        }
        if (handlers.putIfAbsent(event, handler) != null) {
            throw new IllegalStateException("a handler for " + event + " is already registered");
        }
    }

    @Override
    public void onConnect(Consumer<Connection> listener) {
        connectListeners.add(listener);
    }

    @Override
    public void onDisconnect(Consumer<Connection> listener) {
        disconnectListeners.add(listener);
    }

    /** Takes a socket the library has just connected for {@code caller} into our books. */
    void attach(SocketIoSocket socket, Caller caller, String since) {
        Connection connection = new Connection(socket.getId(), caller, since);
        LiveConnection live =
                new LiveConnection(connection, socket, new SerialExecutor(handlerPool), rateLimits.get());
        connections.put(live.id(), live);
        // added inside compute, so a concurrent detach of the user's last connection cannot drop the set under us
        connectionsByUser.compute(caller.userId(), (user, ids) -> {
            Set<String> owned = ids == null ? ConcurrentHashMap.newKeySet() : ids;
            owned.add(connection.id());
            return owned;
        });
        // the rate is judged as packets arrive, so a flood is refused at once rather than queued behind itself;
        // refusals still go through the connection's queue, so every acknowledgement keeps its order
        socket.registerAllEventListener((event, args) -> {
            boolean allowed = live.rateLimit().tryAcquire();
            live.tasks().execute(() -> {
                if (allowed) {
                    dispatcher.dispatch(live, event, args);
                } else {
                    dispatcher.refuseRateLimited(live, event, args);
                }
            });
        });
        // the library also emits client events named "disconnect" on this emitter: only a closed socket counts
        socket.on("disconnect", args -> {
            if (!socket.isConnected()) {
                detach(live);
            }
        });
        live.tasks().execute(() -> connectListeners.forEach(listener -> listener.accept(connection)));
    }

    /**
     * Closes every connection of this node, as the node stops: a pending long-poll answers at once instead of holding
     * the web server's graceful shutdown until its client's ping times out.
     */
    void closeAll() {
        connections.values().forEach(live -> live.socket().disconnect(true));
    }

    private void detach(LiveConnection live) {
        if (connections.remove(live.id()) == null) {
            return;
        }
        connectionsByUser.computeIfPresent(live.connection().userId(), (user, ids) -> {
            ids.remove(live.id());
            return ids.isEmpty() ? null : ids;
        });
        live.tasks().execute(() -> disconnectListeners.forEach(listener -> listener.accept(live.connection())));
    }
}
