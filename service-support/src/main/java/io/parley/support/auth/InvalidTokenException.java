package io.parley.support.auth;

/** A token that is missing, malformed, expired or wrongly signed; the message says which, for the client. */
public class InvalidTokenException extends RuntimeException {

    public InvalidTokenException(String message) {
        super(message);
    }
}
