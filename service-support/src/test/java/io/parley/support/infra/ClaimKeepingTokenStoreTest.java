package io.parley.support.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.tokenstore.inmemory.InMemoryTokenStore;
import org.junit.jupiter.api.Test;

/** A claim renewed a moment ago is not renewed again; one older than the renewal interval is. */
class ClaimKeepingTokenStoreTest {

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-02T10:00:00Z"));
    private final List<String> extended = new ArrayList<>();
    private final InMemoryTokenStore inner = new InMemoryTokenStore() {
        @Override
        public void extendClaim(String processorName, int segment) {
            extended.add(processorName + "/" + segment);
            super.extendClaim(processorName, segment);
        }
    };
    private final ClaimKeepingTokenStore store = new ClaimKeepingTokenStore(inner, Duration.ofSeconds(2),
            new Clock() {
                @Override
                public Instant instant() {
                    return now.get();
                }

                @Override
                public java.time.ZoneId getZone() {
                    return ZoneOffset.UTC;
                }

                @Override
                public Clock withZone(java.time.ZoneId zone) {
                    return this;
                }
            });

    @Test
    void canSkipRenewingAClaimJustRenewed() {
        store.initializeTokenSegments("p", 1);
        store.fetchToken("p", 0);

        store.extendClaim("p", 0);
        now.set(now.get().plusMillis(1500));
        store.storeToken(new GlobalSequenceTrackingToken(1), "p", 0);
        now.set(now.get().plusMillis(1500));
        store.extendClaim("p", 0);

        assertThat(extended).isEmpty();
    }

    @Test
    void canRenewAClaimOlderThanTheInterval() {
        store.initializeTokenSegments("p", 1);
        store.fetchToken("p", 0);

        now.set(now.get().plusMillis(2500));
        store.extendClaim("p", 0);
        store.extendClaim("p", 0);
        store.releaseClaim("p", 0);
        store.fetchToken("p", 0);
        now.set(now.get().plusMillis(2500));
        store.extendClaim("p", 0);

        assertThat(extended).containsExactly("p/0", "p/0");
    }
}
