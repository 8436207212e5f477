package io.parley.kernel.error;

/**
 * A refusal a client must hear about, with the code it hears. Aggregates and controllers throw it;
 * the REST and socket boundaries turn it into {@code { error: { code, message } }} or the {@code error} event.
 */
public class ParleyException extends RuntimeException {

    private final ErrorCode code;

    public ParleyException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }

    public static ParleyException validation(String message) {
        return new ParleyException(ErrorCode.VALIDATION_FAILED, message);
    }

    public static ParleyException notFound(String message) {
        return new ParleyException(ErrorCode.NOT_FOUND, message);
    }

    public static ParleyException forbidden(String message) {
        return new ParleyException(ErrorCode.FORBIDDEN, message);
    }

    public static ParleyException conflict(String message) {
        return new ParleyException(ErrorCode.CONFLICT, message);
    }
}
