package io.parley.support.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.kernel.api.ErrorResponse;
import io.parley.kernel.error.ErrorCode;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.MediaType;

/** Writes the error format where no controller advice can: in servlet filters, before any handler runs. */
public class ErrorWriter {

    private final ObjectMapper objectMapper;

    public ErrorWriter(ObjectMapper objectMapper) {
        this.objectMapper = objectMapper;
    }

    public void write(HttpServletResponse response, ErrorCode code, String message) throws IOException {
        response.setStatus(code.status());
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        objectMapper.writeValue(response.getOutputStream(), ErrorResponse.of(code, message));
    }
}
