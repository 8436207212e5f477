package io.parley.kernel;

import java.time.Duration;

/**
 * A token bucket: {@code perSecond} on average, bursts up to {@code burst}. {@link #tryAcquire} answers at once, so a
 * flood is refused as it arrives instead of queueing work the server cannot keep up with.
 */
public final class RateLimit {

    private final double perNano;
    private final double burst;
    private double tokens;
    private long refilledAt;

    public RateLimit(double perSecond, int burst) {
        this.perNano = perSecond / 1e9;
        this.burst = burst;
        this.tokens = burst;
        this.refilledAt = System.nanoTime();
    }

    /** {@link Duration#ZERO} when one is taken; otherwise how long until one will be there. */
    public synchronized Duration tryAcquire() {
        long now = System.nanoTime();
        tokens = Math.min(burst, tokens + (now - refilledAt) * perNano);
        refilledAt = now;
        if (tokens >= 1) {
            tokens -= 1;
            return Duration.ZERO;
        }
        return Duration.ofNanos((long) Math.ceil((1 - tokens) / perNano));
    }
}
