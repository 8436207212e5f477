package io.parley.kernel.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.parley.kernel.error.ErrorCode;

/**
 * {@code { "error": { "code", "message" } }}, the body of every REST error; a {@code rate_limited} one also has
 * {@code retryAfter} (seconds, as in the {@code Retry-After} header).
 */
public record ErrorResponse(Body error) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Body(String code, String message, Long retryAfter) {

        public Body(String code, String message) {
            this(code, message, null);
        }
    }

    public static ErrorResponse of(ErrorCode code, String message) {
        return new ErrorResponse(new Body(code.code(), message));
    }
}
