package io.parley.push.socket.socketio;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Map;
import org.springframework.web.socket.server.standard.StandardWebSocketUpgradeStrategy;

/**
 * The WebSocket upgrade with no extension agreed, as the reference Socket.IO server has it by default
 * ({@code perMessageDeflate: false}). The container negotiates extensions itself from the request's
 * {@code Sec-WebSocket-Extensions}, and would agree to the compression that Node's {@code socket.io-client} offers:
 * every frame deflated, for each of a group's members, cost more CPU than anything else on the push path. So the
 * container is shown the request without that header.
 */
final class UncompressedUpgradeStrategy extends StandardWebSocketUpgradeStrategy {

    private static final String EXTENSIONS = "Sec-WebSocket-Extensions";

    @Override
    protected void upgradeHttpToWebSocket(HttpServletRequest request, HttpServletResponse response,
            ServerEndpointConfig endpointConfig, Map<String, String> pathParams) throws Exception {
        super.upgradeHttpToWebSocket(new WithoutExtensions(request), response, endpointConfig, pathParams);
    }

    private static final class WithoutExtensions extends HttpServletRequestWrapper {

        WithoutExtensions(HttpServletRequest request) {
            super(request);
        }

        @Override
        public String getHeader(String name) {
            return EXTENSIONS.equalsIgnoreCase(name) ? null : super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            return EXTENSIONS.equalsIgnoreCase(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
        }
    }
}
