package io.parley.push.socket.socketio;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.kernel.RateLimit;
import io.parley.support.auth.TokenVerifier;
import io.socket.engineio.server.EngineIoServer;
import io.socket.engineio.server.EngineIoServerOptions;
import io.socket.engineio.server.EngineIoSocket;
import io.socket.socketio.server.SocketIoServer;
import io.socket.socketio.server.SocketIoSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.socket.server.standard.ServletServerContainerFactoryBean;
import org.springframework.web.socket.server.support.DefaultHandshakeHandler;
import org.springframework.web.socket.server.support.WebSocketHandlerMapping;
import org.springframework.web.socket.server.support.WebSocketHttpRequestHandler;

/**
 * The Socket.IO endpoint at {@code /socket.io/} on the service's own HTTP port: long-polling through
 * {@link PollingController}, WebSocket through a handler mapping that only matches real upgrade requests (so a
 * polling GET on the same path still reaches the controller).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RealtimeProperties.class)
public class SocketIoConfiguration {

    private static final int WEBSOCKET_READ_BUFFER = 8 * 1024;
    private static final long UPGRADE_SETTLE_MS = 250;

    private static final String PATH = "/socket.io";
    private static final String PROTOCOL_QUERY = "EIO";
    private static final String ENGINE_IO_V4 = "4";

    @Bean(destroyMethod = "shutdown")
    EngineIoServer engineIoServer(RealtimeProperties properties) {
        EngineIoServerOptions options = EngineIoServerOptions.newFromDefault()
                .setPingInterval(properties.pingInterval().toMillis())
                .setPingTimeout(properties.pingTimeout().toMillis())
                // CORS belongs to Spring's configuration, not to a library's second opinion
                .setCorsHandlingDisabled(true);
        // Engine.IO v3 clients are connected to "/" by the library without a CONNECT packet: no token, no entry
        options.setHandshakeInterceptor((query, headers) -> ENGINE_IO_V4.equals(query.get(PROTOCOL_QUERY)));
        return new EngineIoServer(options);
    }

    /** A long-poll meeting an upgrade under way waits this long for it: see {@link UpgradeWatch}. */
    @Bean
    UpgradeWatch upgradeWatch() {
        return new UpgradeWatch(Duration.ofMillis(UPGRADE_SETTLE_MS));
    }

    @Bean
    ConnectGate connectGate(TokenVerifier verifier) {
        return new ConnectGate(verifier);
    }

    @Bean(destroyMethod = "shutdownNow")
    ExecutorService socketHandlerPool(RealtimeProperties properties) {
        AtomicInteger count = new AtomicInteger();
        ThreadFactory threads = task -> {
            Thread thread = new Thread(task, "parley-socket-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        return Executors.newFixedThreadPool(properties.handlerThreads(), threads);
    }

    /** One thread that ends connections whose token ran out (it only looks, the connection's own queue acts). */
    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService socketExpiryTimer() {
        return Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "parley-socket-expiry");
            thread.setDaemon(true);
            return thread;
        });
    }

    @Bean
    SocketIoRealtime socketIoRealtime(ExecutorService socketHandlerPool, ScheduledExecutorService socketExpiryTimer,
                                      ObjectMapper objectMapper, RealtimeProperties properties,
                                      TokenVerifier verifier) {
        return new SocketIoRealtime(socketHandlerPool, new JsonBridge(objectMapper),
                () -> new RateLimit(properties.eventsPerSecond(), properties.eventBurst()),
                () -> new RateLimit(properties.userEventsPerSecond(), properties.userEventBurst()),
                verifier, socketExpiryTimer, Clock.systemUTC());
    }

    @Bean
    SocketIoServer socketIoServer(EngineIoServer engine, ConnectGate gate, SocketIoRealtime realtime,
                                  UpgradeWatch upgrades) {
        SocketIoServer server = new SocketIoServer(engine);
        // registered after the library's own listener, so its decoder is attached when the gate wraps it
        engine.on("connection", args -> {
            EngineIoSocket socket = (EngineIoSocket) args[0];
            gate.guard(socket);
            socket.on("upgrade", upgraded -> upgrades.end(socket.getId()));
            socket.on("close", closed -> upgrades.end(socket.getId()));
        });
        server.namespace("/").on("connection", args -> {
            SocketIoSocket socket = (SocketIoSocket) args[0];
            gate.admitted(socket.getClient().getId()).ifPresentOrElse(
                    admission -> realtime.attach(
                            socket, admission.caller(), admission.since(), admission.acceptedUntil()),
                    () -> socket.disconnect(true));
        });
        return server;
    }

    /**
     * Stops before the web server's graceful shutdown (the highest phase stops first) and closes the live
     * connections, so open long-polls do not keep the server waiting.
     */
    @Bean
    SmartLifecycle closeConnectionsOnStop(SocketIoRealtime realtime) {
        return new SmartLifecycle() {
            private volatile boolean running;

            @Override
            public void start() {
                running = true;
            }

            @Override
            public void stop() {
                running = false;
                realtime.closeAll();
            }

            @Override
            public boolean isRunning() {
                return running;
            }

            @Override
            public int getPhase() {
                return Integer.MAX_VALUE;
            }
        };
    }

    @Bean
    WebSocketHandlerMapping socketIoWebSocketMapping(EngineIoServer engine, RealtimeProperties properties,
                                                     UpgradeWatch upgrades) {
        int sendBufferLimit = Math.toIntExact(4 * properties.maxPayload().toBytes());
        WebSocketHttpRequestHandler upgrade = new WebSocketHttpRequestHandler(new EngineIoWebSocketHandler(
                engine, sendBufferLimit, Math.toIntExact(properties.maxPayload().toBytes()), upgrades),
                new DefaultHandshakeHandler(new UncompressedUpgradeStrategy()));
        WebSocketHandlerMapping mapping = new WebSocketHandlerMapping();
        mapping.setUrlMap(Map.of(PATH, upgrade, PATH + "/", upgrade));
        mapping.setWebSocketUpgradeMatch(true);
        mapping.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return mapping;
    }

    /**
     * The read buffers every WebSocket connection holds for its whole life: small, since a longer message arrives in
     * parts that {@link EngineIoWebSocketHandler} puts together, up to {@code parley.realtime.max-payload}.
     */
    @Bean
    ServletServerContainerFactoryBean webSocketContainer() {
        ServletServerContainerFactoryBean container = new ServletServerContainerFactoryBean();
        container.setMaxTextMessageBufferSize(WEBSOCKET_READ_BUFFER);
        container.setMaxBinaryMessageBufferSize(WEBSOCKET_READ_BUFFER);
        return container;
    }
}
