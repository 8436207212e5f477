package io.parley.push.socket.socketio;

import io.socket.engineio.server.EngineIoServer;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.AbstractWebSocketHandler;
import org.springframework.web.socket.handler.ConcurrentWebSocketSessionDecorator;

/** Hands each upgraded WebSocket to the Engine.IO server and relays its frames and its end. */
final class EngineIoWebSocketHandler extends AbstractWebSocketHandler {

    private static final String ENGINE_SOCKET = SpringEngineIoWebSocket.class.getName();
    private static final int SEND_TIME_LIMIT_MS = 10_000;

    private final EngineIoServer engine;
    private final int sendBufferLimit;

    EngineIoWebSocketHandler(EngineIoServer engine, int sendBufferLimit) {
        this.engine = engine;
        this.sendBufferLimit = sendBufferLimit;
    }

    @Override
    public void afterConnectionEstablished(WebSocketSession session) {
        // Spring's sendMessage is not thread-safe; the decorator queues writes that arrive while one is in flight
        WebSocketSession concurrent =
                new ConcurrentWebSocketSessionDecorator(session, SEND_TIME_LIMIT_MS, sendBufferLimit);
        SpringEngineIoWebSocket socket = new SpringEngineIoWebSocket(concurrent);
        session.getAttributes().put(ENGINE_SOCKET, socket);
        engine.handleWebSocket(socket);
    }

    @Override
    protected void handleTextMessage(WebSocketSession session, TextMessage message) {
        socketOf(session).emit("message", message.getPayload());
    }

    @Override
    protected void handleBinaryMessage(WebSocketSession session, BinaryMessage message) {
        byte[] bytes = new byte[message.getPayloadLength()];
        message.getPayload().get(bytes);
        socketOf(session).emit("message", (Object) bytes);
    }

    @Override
    public void handleTransportError(WebSocketSession session, Throwable exception) {
        socketOf(session).emit("error", "websocket error", String.valueOf(exception.getMessage()));
    }

    @Override
    public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
        socketOf(session).emit("close");
    }

    private static SpringEngineIoWebSocket socketOf(WebSocketSession session) {
        return (SpringEngineIoWebSocket) session.getAttributes().get(ENGINE_SOCKET);
    }
}
