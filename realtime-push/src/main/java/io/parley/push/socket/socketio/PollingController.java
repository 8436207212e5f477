package io.parley.push.socket.socketio;

import io.parley.kernel.error.ErrorCode;
import io.parley.support.web.ErrorWriter;
import io.socket.engineio.server.EngineIoServer;
import io.socket.engineio.server.utils.ParseQS;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * Engine.IO long-polling: GET waits for packets, POST delivers them; a handshake is a GET without {@code sid}, and any
 * other method is a 400, as the protocol says. Both paths, because the client adds the trailing slash and Spring 6 no
 * longer matches it to the bare one.
 */
@Controller
final class PollingController {

    private final EngineIoServer engine;
    private final long maxPayloadBytes;
    private final UpgradeWatch upgrades;
    private final ErrorWriter errors;

    PollingController(EngineIoServer engine, RealtimeProperties properties, UpgradeWatch upgrades,
                      ErrorWriter errors) {
        this.engine = engine;
        this.maxPayloadBytes = properties.maxPayload().toBytes();
        this.upgrades = upgrades;
        this.errors = errors;
    }

    @RequestMapping(path = {"/socket.io", "/socket.io/"})
    void poll(HttpServletRequest request, HttpServletResponse response) throws IOException, InterruptedException {
        // from the query string itself: a form body must not be read as parameters before the library reads it
        String sid = ParseQS.decode(request.getQueryString() == null ? "" : request.getQueryString()).get("sid");
        boolean get = "GET".equals(request.getMethod());
        if ((!get && !"POST".equals(request.getMethod())) || (sid == null && !get)) {
            errors.write(response, ErrorCode.VALIDATION_FAILED, sid == null
                    ? "Engine.IO: Bad handshake method (a session opens with GET)"
                    : "Engine.IO: Bad request (polling takes GET and POST)");
            return;
        }
        // the library sizes its read buffer by Content-Length, trusting whatever number the client sends
        if (!get) {
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
        if (sid != null) {
            upgrades.awaitSettled(sid);
        }
        EngineIoResponse answer = new EngineIoResponse(response, sid == null ? maxPayloadBytes : -1);
        engine.handleRequest(request, answer);
        answer.finish();
    }
}
