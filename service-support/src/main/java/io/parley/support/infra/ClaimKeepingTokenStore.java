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
 * A token store that does not renew a claim it renewed a moment ago. A tracking processor extends its claim at the
 * start of every batch and stores its token (which renews the claim too) at the end, so under load every batch
 * cost two token writes; a claim lasts {@code claimTimeout} (Axon's default is 10 s), so renewing it once per
 * {@code renewEvery} (well inside that) keeps it just as safe. Everything else goes to the store as it is; a
 * claim lost to another node is still found out by the next token write, which fails and rolls its batch back.
 */
public final class ClaimKeepingTokenStore implements TokenStore {

    private final TokenStore store;
    private final Duration renewEvery;
    private final Clock clock;
    private final Map<String, Instant> renewedAt = new ConcurrentHashMap<>();

    public ClaimKeepingTokenStore(TokenStore store, Duration renewEvery, Clock clock) {
        this.store = store;
        this.renewEvery = renewEvery;
        this.clock = clock;
    }

    @Override
    public void extendClaim(String processorName, int segment) {
        String key = processorName + "/" + segment;
        Instant last = renewedAt.get(key);
        Instant now = clock.instant();
        if (last != null && now.isBefore(last.plus(renewEvery))) {
            return;
        }
        store.extendClaim(processorName, segment);
        renewedAt.put(key, now);
    }

    @Override
    public void storeToken(TrackingToken token, String processorName, int segment) {
        store.storeToken(token, processorName, segment);
        renewedAt.put(processorName + "/" + segment, clock.instant());
    }

    @Override
    public TrackingToken fetchToken(String processorName, int segment) {
        TrackingToken token = store.fetchToken(processorName, segment);
        renewedAt.put(processorName + "/" + segment, clock.instant());
        return token;
    }

    @Override
    public TrackingToken fetchToken(String processorName, Segment segment) {
        TrackingToken token = store.fetchToken(processorName, segment);
        renewedAt.put(processorName + "/" + segment.getSegmentId(), clock.instant());
        return token;
    }

    @Override
    public void releaseClaim(String processorName, int segment) {
        renewedAt.remove(processorName + "/" + segment);
        store.releaseClaim(processorName, segment);
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
    public void deleteToken(String processorName, int segment) {
        renewedAt.remove(processorName + "/" + segment);
        store.deleteToken(processorName, segment);
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
