package io.parley.push.socket.socketio;

import io.socket.engineio.server.EngineIoServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.AbstractWebSocketHandler;
import org.springframework.web.socket.handler.ConcurrentWebSocketSessionDecorator;

/**
 * Hands each upgraded WebSocket to the Engine.IO server and relays its frames and its end. Messages arrive in parts
 * of the container's small read buffer and are put together here up to {@code maxMessage}: a buffer as large as the
 * largest message a client may send would be allocated for every connection, idle or not (megabytes each).
 */
final class EngineIoWebSocketHandler extends AbstractWebSocketHandler {

    private static final String ENGINE_SOCKET = SpringEngineIoWebSocket.class.getName();
    private static final String TEXT_PARTS = EngineIoWebSocketHandler.class.getName() + ".text";
    private static final String BINARY_PARTS = EngineIoWebSocketHandler.class.getName() + ".binary";
    private static final int SEND_TIME_LIMIT_MS = 10_000;

    private final EngineIoServer engine;
    private final int sendBufferLimit;
    private final int maxMessage;
    private final UpgradeWatch upgrades;

    EngineIoWebSocketHandler(EngineIoServer engine, int sendBufferLimit, int maxMessage, UpgradeWatch upgrades) {
        this.engine = engine;
        this.sendBufferLimit = sendBufferLimit;
        this.maxMessage = maxMessage;
        this.upgrades = upgrades;
    }

    @Override
    public boolean supportsPartialMessages() {
        return true;
    }

    @Override
    public void afterConnectionEstablished(WebSocketSession session) {
        // Spring's sendMessage is not thread-safe; the decorator queues writes that arrive while one is in flight
        WebSocketSession concurrent =
                new ConcurrentWebSocketSessionDecorator(session, SEND_TIME_LIMIT_MS, sendBufferLimit);
        SpringEngineIoWebSocket socket = new SpringEngineIoWebSocket(concurrent, maxMessage);
        session.getAttributes().put(ENGINE_SOCKET, socket);
        if (socket.upgradedSid() != null) {
            upgrades.begin(socket.upgradedSid());
        }
        engine.handleWebSocket(socket);
    }

    @Override
    protected void handleTextMessage(WebSocketSession session, TextMessage message) throws IOException {
        if (message.isLast() && !session.getAttributes().containsKey(TEXT_PARTS)) {
            socketOf(session).emit("message", message.getPayload());
            return;
        }
        // parts are put together as characters: a part may end between the two halves of a surrogate pair
        StringBuilder parts = (StringBuilder) session.getAttributes()
                .computeIfAbsent(TEXT_PARTS, key -> new StringBuilder());
        if (withinLimit(session, parts.length() + message.getPayloadLength(), TEXT_PARTS)) {
            parts.append(message.getPayload());
            if (message.isLast()) {
                session.getAttributes().remove(TEXT_PARTS);
                socketOf(session).emit("message", parts.toString());
            }
        }
    }

    @Override
    protected void handleBinaryMessage(WebSocketSession session, BinaryMessage message) throws IOException {
        ByteArrayOutputStream parts = (ByteArrayOutputStream) session.getAttributes()
                .computeIfAbsent(BINARY_PARTS, key -> new ByteArrayOutputStream());
        if (withinLimit(session, parts.size() + message.getPayloadLength(), BINARY_PARTS)) {
            byte[] bytes = new byte[message.getPayloadLength()];
            message.getPayload().get(bytes);
            parts.write(bytes);
            if (message.isLast()) {
                session.getAttributes().remove(BINARY_PARTS);
                socketOf(session).emit("message", (Object) parts.toByteArray());
            }
        }
    }

    /** False, and the connection closed as the protocol says (1009), once a message grows past the limit. */
    private boolean withinLimit(WebSocketSession session, int size, String parts) throws IOException {
        if (size <= maxMessage) {
            return true;
        }
        session.getAttributes().remove(parts);
        session.close(CloseStatus.TOO_BIG_TO_PROCESS);
        return false;
    }

    @Override
    public void handleTransportError(WebSocketSession session, Throwable exception) {
        socketOf(session).emit("error", "websocket error", String.valueOf(exception.getMessage()));
    }

    @Override
    public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
        SpringEngineIoWebSocket socket = socketOf(session);
        if (socket.upgradedSid() != null) {
            upgrades.end(socket.upgradedSid());
        }
        socket.emit("close");
    }

    private static SpringEngineIoWebSocket socketOf(WebSocketSession session) {
        return (SpringEngineIoWebSocket) session.getAttributes().get(ENGINE_SOCKET);
    }
}
