package io.parley.push.socket.socketio;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.support.auth.TokenVerifier;
import io.socket.engineio.server.EngineIoServer;
import io.socket.engineio.server.EngineIoServerOptions;
import io.socket.engineio.server.EngineIoSocket;
import io.socket.socketio.server.SocketIoServer;
import io.socket.socketio.server.SocketIoSocket;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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

    @Bean
    SocketIoRealtime socketIoRealtime(
            ExecutorService socketHandlerPool, ObjectMapper objectMapper, RealtimeProperties properties) {
        return new SocketIoRealtime(socketHandlerPool, new JsonBridge(objectMapper),
                () -> new EventRateLimit(properties.eventsPerSecond(), properties.eventBurst()));
    }

    @Bean
    SocketIoServer socketIoServer(EngineIoServer engine, ConnectGate gate, SocketIoRealtime realtime) {
        SocketIoServer server = new SocketIoServer(engine);
        // registered after the library's own listener, so its decoder is attached when the gate wraps it
        engine.on("connection", args -> gate.guard((EngineIoSocket) args[0]));
        server.namespace("/").on("connection", args -> {
            SocketIoSocket socket = (SocketIoSocket) args[0];
            gate.admitted(socket.getClient().getId()).ifPresentOrElse(
                    admission -> realtime.attach(socket, admission.caller(), admission.since()),
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
    WebSocketHandlerMapping socketIoWebSocketMapping(EngineIoServer engine, RealtimeProperties properties) {
        int sendBufferLimit = Math.toIntExact(4 * properties.maxPayload().toBytes());
        WebSocketHttpRequestHandler upgrade = new WebSocketHttpRequestHandler(
                new EngineIoWebSocketHandler(engine, sendBufferLimit, Math.toIntExact(properties.maxPayload().toBytes())),
                new DefaultHandshakeHandler());
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
