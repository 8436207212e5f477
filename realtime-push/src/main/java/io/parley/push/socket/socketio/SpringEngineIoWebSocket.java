package io.parley.push.socket.socketio;

import io.socket.engineio.server.EngineIoWebSocket;
import io.socket.engineio.server.utils.ParseQS;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;

/**
 * One Spring WebSocket session as the library's {@link EngineIoWebSocket}. The session must be safe for
 * concurrent sends (heartbeats, pushes and acknowledgements write from different threads).
 */
final class SpringEngineIoWebSocket extends EngineIoWebSocket {

    private final WebSocketSession session;
    private final Map<String, String> query;
    private final long maxPayload;
    private volatile boolean opened;

    SpringEngineIoWebSocket(WebSocketSession session, long maxPayload) {
        this.session = session;
        this.maxPayload = maxPayload;
        String rawQuery = session.getUri() == null ? null : session.getUri().getRawQuery();
        this.query = ParseQS.decode(rawQuery == null ? "" : rawQuery);
    }

    @Override
    public Map<String, String> getQuery() {
        return query;
    }

    @Override
    public Map<String, List<String>> getConnectionHeaders() {
        return session.getHandshakeHeaders();
    }

    /** The sid of the polling session this WebSocket upgrades, or null for a session that opens on it. */
    String upgradedSid() {
        return query.get("sid");
    }

    @Override
    public void write(String message) throws IOException {
        if (!opened) {
            // the first message of a WebSocket that opens a session is the handshake
            opened = true;
            message = OpenPacket.withMaxPayload(message, maxPayload);
        }
        session.sendMessage(new TextMessage(message));
    }

    @Override
    public void write(byte[] message) throws IOException {
        session.sendMessage(new BinaryMessage(message));
    }

    @Override
    public void close() {
        try {
            session.close(CloseStatus.NORMAL);
        } catch (IOException e) {
            // already gone: the session's close callback tells the library either way
        }
    }
}
