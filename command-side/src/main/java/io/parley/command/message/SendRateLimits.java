package io.parley.command.message;

import io.parley.kernel.RateLimit;
import io.parley.kernel.error.RateLimitedException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * How many messages one user may send, over REST and every socket connection alike, since every send of every push
 * node reaches the command side here: {@code parley.limits.sends-per-second} on average, bursts of
 * {@code parley.limits.send-burst}. One flooding user is refused with {@code rate_limited} (429 and
 * {@code Retry-After} over REST) and cannot take the capacity other users' messages need.
 */
@Component
class SendRateLimits {

    /** Buckets of users who went quiet are swept now and then, so the map follows the active users only. */
    private static final int SWEEP_EVERY = 10_000;

    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final AtomicInteger sinceSweep = new AtomicInteger();
    private final double perSecond;
    private final int burst;

    SendRateLimits(@Value("${parley.limits.sends-per-second:10}") double perSecond,
                   @Value("${parley.limits.send-burst:20}") int burst) {
        this.perSecond = perSecond;
        this.burst = burst;
    }

    /** Takes one send of {@code userId}'s allowance, or refuses it with when to retry. */
    void acquire(String userId) {
        if (sinceSweep.incrementAndGet() >= SWEEP_EVERY) {
            sinceSweep.set(0);
            sweep();
        }
        Bucket bucket = buckets.computeIfAbsent(userId, user -> new Bucket(new RateLimit(perSecond, burst)));
        bucket.usedAt = System.nanoTime();
        Duration wait = bucket.limit.tryAcquire();
        if (!wait.isZero()) {
            throw new RateLimitedException("too many messages from this user; slow down and retry", wait);
        }
    }

    /** A bucket unused for as long as it takes to fill is full again: dropping it changes nothing. */
    private void sweep() {
        long refillNanos = (long) (burst / perSecond * 1e9);
        long now = System.nanoTime();
        buckets.values().removeIf(bucket -> now - bucket.usedAt > refillNanos);
    }

    private static final class Bucket {
        final RateLimit limit;
        volatile long usedAt;

        Bucket(RateLimit limit) {
            this.limit = limit;
        }
    }
}
