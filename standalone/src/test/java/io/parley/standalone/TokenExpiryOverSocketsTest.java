package io.parley.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A socket connection lives as long as its token: once {@code exp} plus the clock leeway REST allows has passed, it
 * hears the {@code error} event with code {@code token_expired} and is disconnected by the server; a client that hands
 * over a fresh token of the same user with {@code refresh_token} in time stays connected.
 */
class TokenExpiryOverSocketsTest {

    private static final Duration LEEWAY = Duration.ofSeconds(1);
    private static final Duration LIMIT = Duration.ofSeconds(30);
    /** Long enough for a node client to start, connect and send before its token runs out. */
    private static final Duration SHORT = Duration.ofSeconds(10);

    @RegisterExtension
    static final TestParley parley = TestParley.perClass("--parley.jwt.clock-skew=" + LEEWAY.toSeconds() + "s");

    private final String alice = TestParley.uniqueUser("alice");
    private final String bob = TestParley.uniqueUser("bob");

    private NodeClients clients() {
        return new NodeClients("http://localhost:" + parley.running().port());
    }

    private String conversation() {
        return parley.post(alice, "/api/conversation", "{\"participants\":[\"" + bob + "\"]}").id();
    }

    /** A token's {@code exp} is in whole seconds: the moment it names, as the server reads it. */
    private static Instant expiryIn(Duration lifetime) {
        return Instant.now().plus(lifetime).truncatedTo(ChronoUnit.SECONDS);
    }

    private static String tokenFor(String user, Duration lifetime) {
        return TestParley.token(user, expiryIn(lifetime), TestParley.SECRET);
    }

    @ParameterizedTest
    @ValueSource(strings = {"websocket", "polling"})
    void aConnectionWhoseTokenExpiresHearsTokenExpiredAndIsDisconnected(String transport) {
        String conversation = conversation();
        Instant expiry = expiryIn(SHORT);
        String shortLived = TestParley.token(alice, expiry, TestParley.SECRET);

        JsonNode result = clients().start("expiry.mjs", Map.of("TOKEN", shortLived, "TRANSPORTS", transport,
                "CONVERSATION", conversation), LIMIT).result();

        assertThat(result.path("before").path("ok").asBoolean()).as("served while valid: %s", result).isTrue();
        assertThat(result.path("disconnect").asText()).as("%s", result).isEqualTo("io server disconnect");
        assertThat(result.path("errors")).hasSize(1);
        JsonNode error = result.path("errors").get(0).path("payload");
        assertThat(error.path("code").asText()).isEqualTo("token_expired");
        assertThat(error.path("message").asText()).contains("token expired");
        assertThat(Instant.now()).as("not before exp plus the leeway").isAfter(expiry.plus(LEEWAY));
        // REST with the same token agrees that it is over
        assertThat(parley.sendWithToken(shortLived, "GET", "/api/conversation", null).status()).isEqualTo(401);
    }

    @Test
    void aFreshTokenHandedOverInTimeKeepsTheConnection() {
        String conversation = conversation();
        Instant firstExpiry = expiryIn(SHORT);
        String fresh = tokenFor(alice, Duration.ofHours(1));

        JsonNode result = clients().start("expiry.mjs", Map.of(
                "TOKEN", TestParley.token(alice, firstExpiry, TestParley.SECRET),
                "TRANSPORTS", "websocket", "CONVERSATION", conversation, "REFRESH", fresh,
                "STAY_MS", String.valueOf(SHORT.plus(LEEWAY).plusSeconds(1).toMillis())), LIMIT).result();

        assertThat(result.path("refresh").path("ok").asBoolean()).as("%s", result).isTrue();
        assertThat(Instant.parse(result.path("refresh").path("expiresAt").asText()))
                .isAfter(Instant.now().plus(Duration.ofMinutes(50)));
        assertThat(Instant.now()).isAfter(firstExpiry.plus(LEEWAY));
        assertThat(result.path("errors")).as("no token_expired").isEmpty();
        assertThat(result.path("connected").asBoolean()).isTrue();
        assertThat(result.path("after").path("ok").asBoolean()).as("still served: %s", result).isTrue();
    }

    @Test
    void aTokenOfAnotherUserOrABadOneIsRefusedAndTheOldOneStillEndsTheConnection() {
        String conversation = conversation();

        NodeClients.Run otherUserRun = clients().start("expiry.mjs", Map.of("TOKEN", tokenFor(alice, SHORT),
                "TRANSPORTS", "websocket", "CONVERSATION", conversation,
                "REFRESH", tokenFor(bob, Duration.ofHours(1))), LIMIT);
        NodeClients.Run badSignatureRun = clients().start("expiry.mjs", Map.of("TOKEN", tokenFor(alice, SHORT),
                "TRANSPORTS", "websocket", "CONVERSATION", conversation,
                "REFRESH", TestParley.token(alice, Instant.now().plusSeconds(3600),
                        "another-secret-that-is-at-least-32-bytes")), LIMIT);
        JsonNode otherUser = otherUserRun.result();
        JsonNode badSignature = badSignatureRun.result();

        assertThat(otherUser.path("refresh").path("error").path("code").asText()).as("%s", otherUser)
                .isEqualTo("forbidden");
        assertThat(badSignature.path("refresh").path("error").path("code").asText()).as("%s", badSignature)
                .isEqualTo("unauthorized");
        for (JsonNode result : new JsonNode[] {otherUser, badSignature}) {
            assertThat(result.path("disconnect").asText()).isEqualTo("io server disconnect");
            assertThat(result.path("errors").findValuesAsText("code")).contains("token_expired");
        }
    }
}
