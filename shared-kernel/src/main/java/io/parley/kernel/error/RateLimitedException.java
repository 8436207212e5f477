package io.parley.kernel.error;

import java.time.Duration;

/**
 * A refusal for going over a rate, with when to try again: REST answers 429 with {@code Retry-After}, sockets put
 * {@code retryAfter} (seconds) in the {@code error} event and the failed acknowledgement.
 */
public class RateLimitedException extends ParleyException {

    private final Duration retryAfter;

    public RateLimitedException(String message, Duration retryAfter) {
        super(ErrorCode.RATE_LIMITED, message);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }

    /** Whole seconds, at least 1: the unit of HTTP's {@code Retry-After}, used on sockets too. */
    public long retryAfterSeconds() {
        return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    }
}
