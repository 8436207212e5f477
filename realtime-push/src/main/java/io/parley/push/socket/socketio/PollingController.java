package io.parley.push.socket.socketio;

import io.socket.engineio.server.EngineIoServer;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;

/**
 * Engine.IO long-polling: GET waits for packets, POST delivers them. Both paths, because the client adds the
 * trailing slash and Spring 6 no longer matches it to the bare one.
 */
@Controller
final class PollingController {

    private final EngineIoServer engine;
    private final long maxPayloadBytes;

    PollingController(EngineIoServer engine, RealtimeProperties properties) {
        this.engine = engine;
        this.maxPayloadBytes = properties.maxPayload().toBytes();
    }

    @RequestMapping(path = {"/socket.io", "/socket.io/"}, method = {RequestMethod.GET, RequestMethod.POST})
    void poll(HttpServletRequest request, HttpServletResponse response) throws IOException {
        // the library sizes its read buffer by Content-Length, trusting whatever number the client sends
        if ("POST".equals(request.getMethod())) {
            long length = request.getContentLengthLong();
            if (length < 0) {
                response.sendError(HttpStatus.LENGTH_REQUIRED.value());
                return;
            }
            if (length > maxPayloadBytes) {
                response.sendError(HttpStatus.PAYLOAD_TOO_LARGE.value());
                return;
            }
        }
        engine.handleRequest(request, response);
    }
}
