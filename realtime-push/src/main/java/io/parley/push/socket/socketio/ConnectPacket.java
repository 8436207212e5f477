package io.parley.push.socket.socketio;

import java.util.Optional;
import org.json.JSONException;
import org.json.JSONObject;
import org.json.JSONTokener;

/**
 * A Socket.IO v5 CONNECT packet as it arrives inside an Engine.IO message: {@code 0}, then {@code /namespace,}
 * unless it is the main namespace, then the client's {@code auth} object, e.g. {@code 0{"token":"...","since":"..."}}.
 * {@code since} is the cursor to catch up from, as the client sent it (a value that is no string is kept as its
 * JSON text, for delivery to refuse with a reason).
 */
record ConnectPacket(String namespace, String token, String since) {

    private static final char CONNECT = '0';
    private static final char CONNECT_ERROR = '4';
    private static final String MAIN_NAMESPACE = "/";

    /** The CONNECT packet in {@code message}, or empty when it is any other packet. */
    static Optional<ConnectPacket> parse(String message) {
        if (message.isEmpty() || message.charAt(0) != CONNECT) {
            return Optional.empty();
        }
        String rest = message.substring(1);
        String namespace = MAIN_NAMESPACE;
        if (rest.startsWith("/")) {
            int comma = rest.indexOf(',');
            namespace = comma < 0 ? rest : rest.substring(0, comma);
            rest = comma < 0 ? "" : rest.substring(comma + 1);
        }
        JSONObject auth = auth(rest);
        return Optional.of(new ConnectPacket(namespace,
                auth.opt("token") instanceof String token ? token : null,
                auth.has("since") && !auth.isNull("since") ? String.valueOf(auth.get("since")) : null));
    }

    /** The answer that refuses this connect: the client's {@code connect_error} with {@code err.message}. */
    String refusal(String reason) {
        String prefix = MAIN_NAMESPACE.equals(namespace) ? "" : namespace + ",";
        return CONNECT_ERROR + prefix + new JSONObject().put("message", reason);
    }

    private static JSONObject auth(String text) {
        if (text.isEmpty()) {
            return new JSONObject();
        }
        try {
            return new JSONTokener(text).nextValue() instanceof JSONObject object ? object : new JSONObject();
        } catch (JSONException e) {
            return new JSONObject();
        }
    }
}
