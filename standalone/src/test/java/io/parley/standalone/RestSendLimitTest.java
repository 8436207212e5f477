package io.parley.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.standalone.TestParley.Response;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * REST sends count against the sender's allowance like socket sends: over it, 429 {@code rate_limited} with
 * {@code Retry-After} (and {@code retryAfter} in the body). The allowance here is small (a burst of 5, then one
 * send every 5 s), so that a slow machine cannot let every send through by being slow.
 */
class RestSendLimitTest {

    @RegisterExtension
    static final TestParley parley = TestParley.perClass(
            "--parley.limits.sends-per-second=0.2", "--parley.limits.send-burst=5");

    private final String sender = TestParley.uniqueUser("sender");
    private final String other = TestParley.uniqueUser("other");

    private String direct(String user, String with) {
        return parley.post(user, "/api/conversation", "{\"participants\":[\"" + with + "\"]}").id();
    }

    private String message(String conversation, String content) {
        return "{\"conversationId\":\"" + conversation + "\",\"content\":\"" + content + "\"}";
    }

    @Test
    void restSendsShareTheUsersAllowanceAndHear429WithRetryAfter() throws Exception {
        String conversation = direct(sender, other);
        List<Response> answers = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            answers.add(parley.post(sender, "/api/message", message(conversation, "m" + i)));
        }
        List<Response> refused = answers.stream().filter(answer -> answer.status() == 429).toList();
        assertThat(refused).as("a burst of 5, then one per 5 s: 20 sends cannot all pass").isNotEmpty();
        Response first = refused.get(0);
        assertThat(first.errorCode()).isEqualTo("rate_limited");
        assertThat(first.body().path("error").path("retryAfter").asInt()).isPositive();
        assertThat(answers.stream().filter(answer -> answer.status() == 201).count()).isGreaterThanOrEqualTo(5);

        HttpResponse<String> again = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + parley.running().port() + "/api/message"))
                .header("Authorization", "Bearer " + TestParley.token(sender))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(message(conversation, "again")))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(again.statusCode()).isEqualTo(429);
        assertThat(again.headers().firstValue("Retry-After")).hasValueSatisfying(
                seconds -> assertThat(Integer.parseInt(seconds)).isPositive());

        assertThat(parley.get(sender, "/api/conversation").status()).as("reads are not sends").isEqualTo(200);
        assertThat(parley.post(other, "/api/message", message(conversation, "mine")).status())
                .as("another user's allowance is their own").isEqualTo(201);
    }
}
