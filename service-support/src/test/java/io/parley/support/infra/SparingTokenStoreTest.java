package io.parley.support.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.inmemory.InMemoryTokenStore;
import org.junit.jupiter.api.Test;

/**
 * Claims are renewed at most every 2 s, and a held segment's token written at most every 250 ms after its first
 * write; what is kept back is written when the interval is up, on release and before a fetch.
 */
class SparingTokenStoreTest {

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-02T10:00:00Z"));
    private final List<String> extended = new ArrayList<>();
    private final List<Long> written = new ArrayList<>();
    private final InMemoryTokenStore inner = new InMemoryTokenStore() {
        @Override
        public void extendClaim(String processorName, int segment) {
            extended.add(processorName + "/" + segment);
            super.extendClaim(processorName, segment);
        }

        @Override
        public void storeToken(TrackingToken token, String processorName, int segment) {
            written.add(((GlobalSequenceTrackingToken) token).getGlobalIndex());
            super.storeToken(token, processorName, segment);
        }
    };
    private final SparingTokenStore store = new SparingTokenStore(inner, Duration.ofSeconds(2),
            Duration.ofMillis(250), new Clock() {
                @Override
                public Instant instant() {
                    return now.get();
                }

                @Override
                public ZoneId getZone() {
                    return ZoneOffset.UTC;
                }

                @Override
                public Clock withZone(ZoneId zone) {
                    return this;
                }
            });

    @Test
    void canSkipRenewingAClaimJustRenewed() {
        store.initializeTokenSegments("p", 1);
        store.fetchToken("p", 0);

        store.extendClaim("p", 0);
        later(1500);
        store.storeToken(token(1), "p", 0);
        later(1500);
        store.extendClaim("p", 0);

        assertThat(extended).isEmpty();
    }

    @Test
    void canRenewAClaimOlderThanTheInterval() {
        store.initializeTokenSegments("p", 1);
        store.fetchToken("p", 0);

        later(2500);
        store.extendClaim("p", 0);
        store.extendClaim("p", 0);
        store.releaseClaim("p", 0);
        store.fetchToken("p", 0);
        later(2500);
        store.extendClaim("p", 0);

        assertThat(extended).containsExactly("p/0", "p/0");
    }

    @Test
    void canWriteTheFirstTokenAfterAClaimAtOnceAndKeepBackTheNextOnes() {
        store.initializeTokenSegments("p", 1);
        store.fetchToken("p", 0);

        store.storeToken(token(1), "p", 0);
        later(100);
        store.storeToken(token(2), "p", 0);
        later(100);
        store.storeToken(token(3), "p", 0);

        assertThat(written).containsExactly(1L);
    }

    @Test
    void canWriteTheNewestTokenKeptBackOnceTheIntervalIsUp() {
        store.initializeTokenSegments("p", 1);
        store.fetchToken("p", 0);
        store.storeToken(token(1), "p", 0);
        later(100);
        store.storeToken(token(2), "p", 0);

        later(200);
        store.storeToken(token(3), "p", 0);

        assertThat(written).containsExactly(1L, 3L);
    }

    @Test
    void canWriteATokenKeptBackWhenAnIdleProcessorExtendsItsClaim() {
        store.initializeTokenSegments("p", 1);
        store.fetchToken("p", 0);
        store.storeToken(token(1), "p", 0);
        later(100);
        store.storeToken(token(2), "p", 0);

        store.extendClaim("p", 0);
        assertThat(written).containsExactly(1L);
        later(200);
        store.extendClaim("p", 0);

        assertThat(written).containsExactly(1L, 2L);
        assertThat(extended).as("the token's write renewed the claim").isEmpty();
    }

    @Test
    void canWriteATokenKeptBackBeforeTheClaimIsReleased() {
        store.initializeTokenSegments("p", 1);
        store.fetchToken("p", 0);
        store.storeToken(token(1), "p", 0);
        store.storeToken(token(2), "p", 0);

        store.releaseClaim("p", 0);

        assertThat(written).containsExactly(1L, 2L);
        assertThat(inner.fetchToken("p", 0)).isEqualTo(token(2));
    }

    @Test
    void canFetchTheNewestTokenAfterOneWasKeptBack() {
        store.initializeTokenSegments("p", 1);
        store.fetchToken("p", 0);
        store.storeToken(token(1), "p", 0);
        store.storeToken(token(2), "p", 0);

        assertThat(store.fetchToken("p", 0)).isEqualTo(token(2));
    }

    @Test
    void canWriteAtOnceATokenForASegmentNotHeld() {
        store.initializeTokenSegments("p", 1);
        store.storeToken(token(5), "p", 0);
        store.storeToken(token(6), "p", 0);

        assertThat(written).containsExactly(5L, 6L);
    }

    private void later(long millis) {
        now.set(now.get().plusMillis(millis));
    }

    private static TrackingToken token(long index) {
        return new GlobalSequenceTrackingToken(index);
    }
}
