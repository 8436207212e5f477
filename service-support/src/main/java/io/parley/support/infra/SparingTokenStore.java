package io.parley.support.infra;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;

/**
 * A token store that writes as seldom as safety allows. A tracking processor extends its claim at the start of every
 * batch and stores its token at the end, so under load every batch cost two token writes, and the Kafka publisher's
 * token (the Mongo event store's, which lists every event of its look-back window) is tens of kilobytes at a few
 * hundred messages a second.
 *
 * <ul>
 *   <li>A claim is renewed at most once per {@code renewEvery}. A claim lasts {@code claimTimeout} (Axon's default is
 *       10 s), so renewing it well inside that keeps it just as safe.</li>
 *   <li>While this node holds a segment's claim (from fetching its token until releasing it), its token is written
 *       at most once per {@code writeEvery} after its first write: a token stored sooner is kept here, and the newest one kept is written
 *       when the interval is up, at the processor's next call for that segment (a batch's end, or the claim extension
 *       a processor makes while idle), when the claim is released and before the token is fetched again. A token
 *       says only how far a processor got; a crash that loses the newest one has its batches handled again, which
 *       every consumer tolerates (as it must anyway: the processors' token writes do not wait for the journal, see
 *       {@code UnjournaledTokensTemplate}).</li>
 *   <li>A token stored for a segment this node does not hold (a reset for a replay, a new segment) is written at
 *       once, as is everything else.</li>
 * </ul>
 *
 * <p>A claim lost to another node is still found out by the next token write, which fails and rolls its batch back.
 */
public final class SparingTokenStore implements TokenStore {

    private final TokenStore store;
    private final Duration renewEvery;
    private final Duration writeEvery;
    private final Clock clock;
    /** The segments this node holds, by {@link #key}. */
    private final Map<String, Held> held = new ConcurrentHashMap<>();

    public SparingTokenStore(TokenStore store, Duration renewEvery, Duration writeEvery, Clock clock) {
        this.store = store;
        this.renewEvery = renewEvery;
        this.writeEvery = writeEvery;
        this.clock = clock;
    }

    /** A segment this node holds the claim of: when its claim was last renewed, its token last written. */
    private static final class Held {
        Instant renewedAt;
        /** Null until this node first writes the token after claiming it: that first write is never kept back. */
        Instant writtenAt;
        /** A token stored here and not yet written; null when the store has the newest. */
        TrackingToken pending;

        Held(Instant claimedAt) {
            renewedAt = claimedAt;
        }

        boolean writtenWithin(Duration interval, Instant now) {
            return writtenAt != null && now.isBefore(writtenAt.plus(interval));
        }
    }

    @Override
    public void storeToken(TrackingToken token, String processorName, int segment) {
        Held segmentHeld = held.get(key(processorName, segment));
        if (segmentHeld == null) {
            store.storeToken(token, processorName, segment);
            return;
        }
        synchronized (segmentHeld) {
            Instant now = clock.instant();
            if (segmentHeld.writtenWithin(writeEvery, now)) {
                segmentHeld.pending = token;
                return;
            }
            write(segmentHeld, token, processorName, segment, now);
        }
    }

    @Override
    public void extendClaim(String processorName, int segment) {
        Held segmentHeld = held.get(key(processorName, segment));
        if (segmentHeld == null) {
            store.extendClaim(processorName, segment);
            return;
        }
        synchronized (segmentHeld) {
            Instant now = clock.instant();
            if (segmentHeld.pending != null && !segmentHeld.writtenWithin(writeEvery, now)) {
                // writing the token renews the claim too
                write(segmentHeld, segmentHeld.pending, processorName, segment, now);
            } else if (!now.isBefore(segmentHeld.renewedAt.plus(renewEvery))) {
                store.extendClaim(processorName, segment);
                segmentHeld.renewedAt = now;
            }
        }
    }

    @Override
    public TrackingToken fetchToken(String processorName, int segment) {
        flush(processorName, segment);
        TrackingToken token = store.fetchToken(processorName, segment);
        held.put(key(processorName, segment), new Held(clock.instant()));
        return token;
    }

    @Override
    public TrackingToken fetchToken(String processorName, Segment segment) {
        flush(processorName, segment.getSegmentId());
        TrackingToken token = store.fetchToken(processorName, segment);
        held.put(key(processorName, segment.getSegmentId()), new Held(clock.instant()));
        return token;
    }

    @Override
    public void releaseClaim(String processorName, int segment) {
        flush(processorName, segment);
        held.remove(key(processorName, segment));
        store.releaseClaim(processorName, segment);
    }

    @Override
    public void deleteToken(String processorName, int segment) {
        held.remove(key(processorName, segment));
        store.deleteToken(processorName, segment);
    }

    /** Writes the segment's kept token, if there is one. */
    private void flush(String processorName, int segment) {
        Held segmentHeld = held.get(key(processorName, segment));
        if (segmentHeld != null) {
            synchronized (segmentHeld) {
                if (segmentHeld.pending != null) {
                    write(segmentHeld, segmentHeld.pending, processorName, segment, clock.instant());
                }
            }
        }
    }

    private void write(Held segmentHeld, TrackingToken token, String processorName, int segment, Instant now) {
        store.storeToken(token, processorName, segment);
        segmentHeld.pending = null;
        segmentHeld.writtenAt = now;
        segmentHeld.renewedAt = now;
    }

    private static String key(String processorName, int segment) {
        return processorName + "/" + segment;
    }

    @Override
    public void initializeTokenSegments(String processorName, int segmentCount) {
        store.initializeTokenSegments(processorName, segmentCount);
    }

    @Override
    public void initializeTokenSegments(String processorName, int segmentCount, TrackingToken initialToken) {
        store.initializeTokenSegments(processorName, segmentCount, initialToken);
    }

    @Override
    public void initializeSegment(TrackingToken token, String processorName, int segment) {
        store.initializeSegment(token, processorName, segment);
    }

    @Override
    public boolean requiresExplicitSegmentInitialization() {
        return store.requiresExplicitSegmentInitialization();
    }

    @Override
    public int[] fetchSegments(String processorName) {
        return store.fetchSegments(processorName);
    }

    @Override
    public List<Segment> fetchAvailableSegments(String processorName) {
        return store.fetchAvailableSegments(processorName);
    }

    @Override
    public Optional<String> retrieveStorageIdentifier() {
        return store.retrieveStorageIdentifier();
    }
}
