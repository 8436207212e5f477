package io.parley.kernel.error;

/** The error codes of {@code API.md}, each with the HTTP status it travels with. */
public enum ErrorCode {
    UNAUTHORIZED(401),
    /** A socket connection whose token ran out: the {@code error} event just before the server disconnects it. */
    TOKEN_EXPIRED(401),
    FORBIDDEN(403),
    NOT_FOUND(404),
    CONFLICT(409),
    VALIDATION_FAILED(400),
    NOT_A_GROUP(400),
    CONVERSATION_DELETED(410),
    PAYLOAD_TOO_LARGE(413),
    RATE_LIMITED(429),
    INTERNAL(500);

    private final int status;

    ErrorCode(int status) {
        this.status = status;
    }

    public int status() {
        return status;
    }

    /** The wire form: {@code validation_failed}, {@code not_found}, ... */
    public String code() {
        return name().toLowerCase();
    }
}
