package io.parley.push.presence;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** A heartbeat comes in parts small enough for any Kafka record, the last one marked. */
class PresenceSignalTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    @Test
    void canSplitALongListIntoPartsWithOnlyTheLastMarked() {
        List<String> users = IntStream.range(0, 1001).mapToObj(i -> "u" + i).toList();

        List<PresenceSignal> parts = PresenceSignal.heartbeat("a", users, 500, T0);

        assertThat(parts).extracting(part -> part.users().size()).containsExactly(500, 500, 1);
        assertThat(parts).extracting(PresenceSignal::last).containsExactly(false, false, true);
        assertThat(parts.stream().flatMap(part -> part.users().stream()).toList()).isEqualTo(users);
    }

    @Test
    void canSayANodeHasNobodyOnlineInOnePart() {
        assertThat(PresenceSignal.heartbeat("a", List.of(), 500, T0))
                .containsExactly(PresenceSignal.heartbeatPart("a", List.of(), true, T0));
        assertThat(PresenceSignal.heartbeat("a", List.of("x", "y"), 2, T0)).singleElement()
                .extracting(PresenceSignal::last).isEqualTo(true);
    }
}
