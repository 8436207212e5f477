package io.parley.push.socket.socketio;

/**
 * A token bucket per connection: {@code perSecond} events on average, bursts up to {@code burst}. A flood is answered
 * with {@code rate_limited} at once instead of queueing work the server cannot keep up with.
 */
final class EventRateLimit {

    private final double perNano;
    private final double burst;
    private double tokens;
    private long refilledAt;

    EventRateLimit(int perSecond, int burst) {
        this.perNano = perSecond / 1e9;
        this.burst = burst;
        this.tokens = burst;
        this.refilledAt = System.nanoTime();
    }

    synchronized boolean tryAcquire() {
        long now = System.nanoTime();
        tokens = Math.min(burst, tokens + (now - refilledAt) * perNano);
        refilledAt = now;
        if (tokens < 1) {
            return false;
        }
        tokens -= 1;
        return true;
    }
}
