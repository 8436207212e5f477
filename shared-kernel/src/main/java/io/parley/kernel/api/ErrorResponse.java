package io.parley.kernel.api;

import io.parley.kernel.error.ErrorCode;

/** {@code { "error": { "code", "message" } }}, the body of every REST error. */
public record ErrorResponse(Body error) {

    public record Body(String code, String message) {
    }

    public static ErrorResponse of(ErrorCode code, String message) {
        return new ErrorResponse(new Body(code.code(), message));
    }
}
