package io.parley.push.socket.socketio;

/**
 * The Engine.IO v4 handshake as the protocol has it: the library's OPEN packet ({@code 0{"sid", "upgrades",
 * "pingInterval", "pingTimeout"}}) lacks {@code maxPayload}, the largest message the server accepts, which clients
 * use to size their batches. It is added here, on both transports, on the way out.
 */
final class OpenPacket {

    /** Engine.IO v4 separates the packets of one polling payload with the record separator. */
    private static final char SEPARATOR = '\u001e';

    private OpenPacket() {
    }

    /** The payload with {@code maxPayload} added to its first packet if that is an OPEN packet without one. */
    static String withMaxPayload(String payload, long maxPayload) {
        int end = payload.indexOf(SEPARATOR);
        String first = end < 0 ? payload : payload.substring(0, end);
        if (!first.startsWith("0{") || !first.endsWith("}") || first.contains("\"maxPayload\"")) {
            return payload;
        }
        String opened = first.substring(0, first.length() - 1) + ", \"maxPayload\": " + maxPayload + "}";
        return end < 0 ? opened : opened + payload.substring(end);
    }
}
