package io.parley.push.socket.socketio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.kernel.api.ErrorResponse;
import io.parley.kernel.error.ErrorCode;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;

/**
 * The response the Engine.IO library writes a polling answer into. Two things change on the way out: a refusal of
 * the library ({@code {"code": 1, "message": "Session ID unknown"}} with 400 or 403) leaves in the API's error
 * shape, with the library's words in the message; and a handshake gets {@code maxPayload} ({@link OpenPacket}).
 * Everything else passes through untouched, also when the library writes later from another thread.
 */
final class EngineIoResponse extends HttpServletResponseWrapper {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final long handshakeMaxPayload;
    private int refusedWith;
    private StringWriter refusal;

    /** {@code handshakeMaxPayload} is negative for a request that is no handshake. */
    EngineIoResponse(HttpServletResponse response, long handshakeMaxPayload) {
        super(response);
        this.handshakeMaxPayload = handshakeMaxPayload;
    }

    @Override
    public void setStatus(int status) {
        if (status >= 400) {
            refusedWith = status;
        } else {
            super.setStatus(status);
        }
    }

    @Override
    public PrintWriter getWriter() throws IOException {
        if (refusedWith > 0) {
            refusal = new StringWriter();
            return new PrintWriter(refusal);
        }
        return super.getWriter();
    }

    @Override
    public void setContentLength(int length) {
        if (handshakeMaxPayload < 0) {
            super.setContentLength(length);
        }
    }

    @Override
    public void setContentLengthLong(long length) {
        if (handshakeMaxPayload < 0) {
            super.setContentLengthLong(length);
        }
    }

    @Override
    public ServletOutputStream getOutputStream() throws IOException {
        if (handshakeMaxPayload < 0 || refusedWith > 0) {
            return super.getOutputStream();
        }
        return new HandshakeStream();
    }

    /** After the library has answered: a refusal it made is written now, in the API's shape. */
    void finish() throws IOException {
        if (refusedWith == 0) {
            return;
        }
        String reason = "the Engine.IO request was refused";
        try {
            JsonNode said = JSON.readTree(refusal == null ? "" : refusal.toString());
            if (said != null && said.path("message").isTextual()) {
                reason = "Engine.IO: " + said.path("message").asText();
            }
        } catch (IOException unreadable) {
            // keep the general sentence
        }
        ErrorCode code = refusedWith == 403 ? ErrorCode.FORBIDDEN : ErrorCode.VALIDATION_FAILED;
        HttpServletResponse response = (HttpServletResponse) getResponse();
        response.setStatus(refusedWith);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.getOutputStream().write(JSON.writeValueAsBytes(ErrorResponse.of(code, reason)));
    }

    /** Holds the handshake's bytes until the library closes the stream, then writes them with {@code maxPayload}. */
    private final class HandshakeStream extends ServletOutputStream {

        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private boolean closed;

        @Override
        public void write(int b) {
            bytes.write(b);
        }

        @Override
        public void write(byte[] buffer, int offset, int length) {
            bytes.write(buffer, offset, length);
        }

        @Override
        public void close() throws IOException {
            if (closed) {
                return;
            }
            closed = true;
            byte[] payload = OpenPacket.withMaxPayload(bytes.toString(StandardCharsets.UTF_8), handshakeMaxPayload)
                    .getBytes(StandardCharsets.UTF_8);
            HttpServletResponse response = (HttpServletResponse) getResponse();
            response.setContentLength(payload.length);
            try (ServletOutputStream out = response.getOutputStream()) {
                out.write(payload);
            }
        }

        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public void setWriteListener(WriteListener listener) {
            throw new UnsupportedOperationException("the handshake is written at once");
        }
    }
}
