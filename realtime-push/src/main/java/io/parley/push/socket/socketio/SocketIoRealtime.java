package io.parley.push.socket.socketio;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.kernel.RateLimit;
import io.parley.kernel.auth.Caller;
import io.parley.kernel.error.ErrorCode;
import io.parley.kernel.error.ParleyException;
import io.parley.kernel.error.RateLimitedException;
import io.parley.push.socket.ClientEventHandler;
import io.parley.push.socket.ClientEvents;
import io.parley.push.socket.Connection;
import io.parley.push.socket.RealtimeConnections;
import io.parley.support.auth.InvalidTokenException;
import io.parley.support.auth.TokenVerifier;
import io.socket.socketio.server.SocketIoSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
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
    /** The client event that hands over a fresh token, so the connection outlives the one it opened with. */
    static final String REFRESH_TOKEN = "refresh_token";

    private final Map<String, LiveConnection> connections = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> connectionsByUser = new ConcurrentHashMap<>();
    private final Map<String, ClientEventHandler> handlers = new ConcurrentHashMap<>();
    private final List<Consumer<Connection>> connectListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<Connection>> disconnectListeners = new CopyOnWriteArrayList<>();
    /** Per user on this node, over all of that user's connections here; dropped with their last connection. */
    private final Map<String, RateLimit> userRateLimits = new ConcurrentHashMap<>();
    private final ExecutorService handlerPool;
    private final JsonBridge json;
    private final ClientEventDispatcher dispatcher;
    private final Supplier<RateLimit> connectionRateLimits;
    private final Supplier<RateLimit> userRateLimit;
    private final TokenVerifier verifier;
    private final ScheduledExecutorService expiryTimer;
    private final Clock clock;

    SocketIoRealtime(ExecutorService handlerPool, JsonBridge json, Supplier<RateLimit> connectionRateLimits,
                     Supplier<RateLimit> userRateLimit, TokenVerifier verifier,
                     ScheduledExecutorService expiryTimer, Clock clock) {
        this.handlerPool = handlerPool;
        this.json = json;
        this.dispatcher = new ClientEventDispatcher(handlers, json);
        this.connectionRateLimits = connectionRateLimits;
        this.userRateLimit = userRateLimit;
        this.verifier = verifier;
        this.expiryTimer = expiryTimer;
        this.clock = clock;
        handlers.put(REFRESH_TOKEN, this::refreshToken);
    }

    @Override
    public void emitToUsers(Collection<String> userIds, String event, Object payload) {
        Object wire = null;
        for (String userId : userIds) {
            for (String id : connectionsByUser.getOrDefault(userId, Set.of())) {
                LiveConnection live = connections.get(id);
                if (live != null) {
                    wire = wire == null ? json.toWire(payload) : wire;
                    live.send(event, wire);
                }
            }
        }
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
    void attach(SocketIoSocket socket, Caller caller, String since, Instant acceptedUntil) {
        Connection connection = new Connection(socket.getId(), caller, since);
        // the user's limit is taken inside compute, so a concurrent detach of their last connection cannot drop it
        RateLimit[] userLimit = new RateLimit[1];
        connectionsByUser.compute(caller.userId(), (user, ids) -> {
            Set<String> owned = ids == null ? ConcurrentHashMap.newKeySet() : ids;
            owned.add(connection.id());
            userLimit[0] = userRateLimits.computeIfAbsent(user, key -> userRateLimit.get());
            return owned;
        });
        LiveConnection live = new LiveConnection(connection, socket, new SerialExecutor(handlerPool),
                connectionRateLimits.get(), userLimit[0], new AtomicReference<>(acceptedUntil));
        connections.put(live.id(), live);
        // the rate is judged as packets arrive, so a flood is refused at once rather than queued behind itself;
        // refusals still go through the connection's queue, so every acknowledgement keeps its order
        socket.registerAllEventListener((event, args) -> {
            RateLimitedException limited = overRate(live);
            live.tasks().execute(() -> {
                if (limited == null) {
                    dispatcher.dispatch(live, event, args);
                } else {
                    dispatcher.refuseRateLimited(live, event, args, limited);
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
        watchExpiry(live);
    }

    /** Null when the event is within both the connection's rate and its user's; else the refusal, with its wait. */
    private static RateLimitedException overRate(LiveConnection live) {
        Duration connectionWait = live.rateLimit().tryAcquire();
        if (!connectionWait.isZero()) {
            return new RateLimitedException("too many events from this connection; slow down and retry",
                    connectionWait);
        }
        Duration userWait = live.userRateLimit().tryAcquire();
        return userWait.isZero() ? null : new RateLimitedException(
                "too many events from this user's connections; slow down and retry", userWait);
    }

    /**
     * Ends the connection once its token is no longer accepted (its {@code exp} plus the same clock leeway REST
     * allows): the {@code error} event with code {@code token_expired}, then a server disconnect. A token handed over
     * by {@code refresh_token} in the meantime moves the moment on.
     */
    private void watchExpiry(LiveConnection live) {
        long delayMillis = Math.max(0, Duration.between(clock.instant(), live.acceptedUntil().get()).toMillis());
        expiryTimer.schedule(() -> {
            if (connections.get(live.id()) != live) {
                return;
            }
            if (clock.instant().isBefore(live.acceptedUntil().get())) {
                watchExpiry(live);
                return;
            }
            live.tasks().execute(() -> {
                dispatcher.tokenExpired(live);
                live.socket().disconnect(true);
            });
        }, delayMillis + 1, TimeUnit.MILLISECONDS);
    }

    /** {@code refresh_token { token }}: a valid token of the same user keeps the connection past the old one. */
    private Object refreshToken(Connection connection, JsonNode payload) {
        JsonNode token = payload == null ? null : payload.get("token");
        if (token == null || !token.isTextual()) {
            throw ParleyException.validation("refresh_token needs { token: \"<JWT>\" }");
        }
        TokenVerifier.Verified verified;
        try {
            verified = verifier.verifyUntil(token.asText());
        } catch (InvalidTokenException e) {
            throw new ParleyException(ErrorCode.UNAUTHORIZED, e.getMessage());
        }
        if (!verified.caller().userId().equals(connection.userId())) {
            throw ParleyException.forbidden(
                    "a connection keeps its user: the new token must name " + connection.userId());
        }
        LiveConnection live = connections.get(connection.id());
        if (live != null) {
            live.acceptedUntil().set(verified.acceptedUntil());
        }
        return Map.of("expiresAt", verified.expiresAt().toString());
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
            if (ids.isEmpty()) {
                userRateLimits.remove(user);
                return null;
            }
            return ids;
        });
        live.tasks().execute(() -> disconnectListeners.forEach(listener -> listener.accept(live.connection())));
    }
}
