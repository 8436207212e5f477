package io.parley.push.presence;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The deployment's presence from the topic's signals: online on any node, offline with lastSeen, nodes expiring. */
class PresenceBookTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final Duration EXPIRY = Duration.ofSeconds(30);

    private final PresenceBook book = new PresenceBook("self");

    @Test
    void canTellAUserNeverSeenFromOneWhoLeft() {
        assertThat(book.of("alice")).isEqualTo(Presence.offline("alice", null));

        assertThat(book.apply(PresenceSignal.online("a", "alice", T0)))
                .containsExactly(Presence.online("alice", null));
        assertThat(book.apply(PresenceSignal.offline("a", "alice", T0.plusSeconds(5))))
                .containsExactly(Presence.offline("alice", T0.plusSeconds(5)));
        assertThat(book.of("alice")).isEqualTo(Presence.offline("alice", T0.plusSeconds(5)));
        assertThat(book.apply(PresenceSignal.online("a", "alice", T0.plusSeconds(9))))
                .as("online again, last seen when the earlier connection closed")
                .containsExactly(Presence.online("alice", T0.plusSeconds(5)));
    }

    @Test
    void canKeepAUserOnlineWhileAnyNodeHasThem() {
        book.apply(PresenceSignal.online("a", "alice", T0));
        assertThat(book.apply(PresenceSignal.online("b", "alice", T0.plusSeconds(1)))).isEmpty();
        assertThat(book.apply(PresenceSignal.offline("a", "alice", T0.plusSeconds(2)))).isEmpty();
        assertThat(book.of("alice").status()).isEqualTo("online");

        assertThat(book.apply(PresenceSignal.offline("b", "alice", T0.plusSeconds(3))))
                .containsExactly(Presence.offline("alice", T0.plusSeconds(3)));
    }

    @Test
    void cannotRepeatAChangeForARepeatedSignal() {
        book.apply(PresenceSignal.online("a", "alice", T0));
        assertThat(book.apply(PresenceSignal.online("a", "alice", T0))).isEmpty();
        assertThat(book.apply(PresenceSignal.heartbeat("a", List.of("alice"), T0.plusSeconds(10)))).isEmpty();
        book.apply(PresenceSignal.offline("a", "alice", T0.plusSeconds(11)));
        assertThat(book.apply(PresenceSignal.offline("a", "alice", T0.plusSeconds(11)))).isEmpty();
    }

    @Test
    void canCorrectALostSignalByTheNextHeartbeat() {
        book.apply(PresenceSignal.online("a", "alice", T0));

        assertThat(book.apply(PresenceSignal.heartbeat("a", List.of("bob"), T0.plusSeconds(10))))
                .containsExactlyInAnyOrder(Presence.offline("alice", T0.plusSeconds(10)), Presence.online("bob", null));
    }

    @Test
    void canTakeTheUsersOfAQuietNodeOfflineAtItsLastHeartbeat() {
        book.apply(PresenceSignal.heartbeat("a", List.of("alice", "bob"), T0));
        book.apply(PresenceSignal.online("b", "bob", T0.plusSeconds(1)));
        book.apply(PresenceSignal.heartbeat("b", List.of("bob"), T0.plusSeconds(25)));

        assertThat(book.expire(T0.plusSeconds(30), EXPIRY)).as("not quiet for long enough yet").isEmpty();
        assertThat(book.expire(T0.plusSeconds(31), EXPIRY)).as("bob is still on node b")
                .containsExactly(Presence.offline("alice", T0));
        assertThat(book.of("bob").status()).isEqualTo("online");
    }

    @Test
    void cannotExpireItself() {
        book.apply(PresenceSignal.heartbeat("self", List.of("alice"), T0));

        assertThat(book.expire(T0.plus(Duration.ofHours(1)), EXPIRY)).isEmpty();
        assertThat(book.of("alice").status()).isEqualTo("online");
    }

    @Test
    void canTakeANodesUsersOfflineAtItsGoodbyeAndIgnoreItAfterwards() {
        book.apply(PresenceSignal.heartbeat("a", List.of("alice"), T0));

        assertThat(book.apply(PresenceSignal.goodbye("a", T0.plusSeconds(3))))
                .containsExactly(Presence.offline("alice", T0.plusSeconds(3)));
        assertThat(book.apply(PresenceSignal.online("a", "alice", T0.plusSeconds(4))))
                .as("a late record of a node that left").isEmpty();
        assertThat(book.of("alice").status()).isEqualTo("offline");
    }

    @Test
    void canBringBackTheUsersOfANodeThatWasOnlyPaused() {
        book.apply(PresenceSignal.heartbeat("a", List.of("alice"), T0));
        book.expire(T0.plusSeconds(31), EXPIRY);

        assertThat(book.apply(PresenceSignal.heartbeat("a", List.of("alice"), T0.plusSeconds(40))))
                .containsExactly(Presence.online("alice", T0));
    }

    @Test
    void canReadAHeartbeatInPartsAndCorrectOnlyAtItsLastPart() {
        book.apply(PresenceSignal.heartbeat("a", List.of("alice", "bob"), T0));

        assertThat(book.apply(PresenceSignal.heartbeatPart("a", List.of("carol"), false, T0.plusSeconds(10))))
                .as("bob may be in a later part").containsExactly(Presence.online("carol", null));
        assertThat(book.apply(PresenceSignal.heartbeatPart("a", List.of("alice"), true, T0.plusSeconds(10))))
                .containsExactly(Presence.offline("bob", T0.plusSeconds(10)));
        assertThat(book.of("alice").status()).isEqualTo("online");
        assertThat(book.of("carol").status()).isEqualTo("online");
    }
}
