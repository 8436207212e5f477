package io.parley.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Limits follow the user, not the connection: one user flooding from ten connections is refused with
 * {@code rate_limited} and {@code retryAfter}, and a quiet user beside them is never refused and heard every time.
 * The quiet user's send-to-receive times are printed with the report, not asserted: a timing depends on the machine
 * (the benchmarks in {@code bench/} measure those). The limits are the defaults, set here because tests otherwise
 * lift them.
 */
class PerUserRateLimitTest {

    private static final Duration LIMIT = Duration.ofSeconds(120);

    @RegisterExtension
    static final TestParley parley = TestParley.perClass(
            "--parley.limits.sends-per-second=10", "--parley.limits.send-burst=20",
            "--parley.realtime.user-events-per-second=30", "--parley.realtime.user-event-burst=60");

    private final String flooder = TestParley.uniqueUser("flooder");
    private final String quiet = TestParley.uniqueUser("quiet");
    private final String listener = TestParley.uniqueUser("listener");

    private String direct(String user, String other) {
        return parley.post(user, "/api/conversation", "{\"participants\":[\"" + other + "\"]}").id();
    }

    @Test
    void tenFloodingConnectionsOfOneUserDoNotSlowAQuietUser() {
        String floodConversation = direct(flooder, TestParley.uniqueUser("flooded"));
        String quietConversation = direct(quiet, listener);
        NodeClients clients = new NodeClients("http://localhost:" + parley.running().port());

        JsonNode report = clients.start("flood-users.mjs", Map.of(
                "FLOOD_TOKEN", TestParley.token(flooder), "FLOODERS", "10", "FLOOD_BURST", "1",
                "FLOOD_CONVERSATION", floodConversation,
                "QUIET_TOKEN", TestParley.token(quiet), "QUIET_CONVERSATION", quietConversation,
                "LISTENER_TOKEN", TestParley.token(listener), "QUIET_EVERY_MS", "500",
                "DURATION_MS", "16000"), LIMIT).result();
        System.out.println("flood of one user on 10 connections, quiet user beside it: " + report);

        JsonNode quietUser = report.path("quiet");
        assertThat(quietUser.path("sent").asInt()).as("%s", report).isGreaterThanOrEqualTo(25);
        assertThat(quietUser.path("failures").asInt()).as("the quiet user is never refused").isZero();
        assertThat(quietUser.path("heard").asInt()).isEqualTo(quietUser.path("sent").asInt());

        JsonNode outcomes = report.path("flood").path("outcomes");
        assertThat(outcomes.path("rate_limited").asLong()).as("the flood is held back: %s", outcomes).isPositive();
        assertThat(report.path("flood").path("retryAfter")).as("with when to retry").isNotEmpty();
        report.path("flood").path("retryAfter").forEach(seconds -> assertThat(seconds.asInt()).isPositive());
        // over the whole run one user gets about their allowance through, never ten connections' worth
        assertThat(outcomes.path("ok").asLong()).as("%s", outcomes).isLessThan(20 + 10 * 30);
    }
}
