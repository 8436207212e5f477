package io.parley.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Without --demo there is no way to get a token from Parley itself, and the chat page is still served at /. */
class DemoModeTest {

    @RegisterExtension
    static final TestParley parley = TestParley.perClass();

    @Test
    void withoutDemoModeTheTokenRouteDoesNotExist() throws Exception {
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + parley.running().port() + DemoMode.TOKEN_ROUTE))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"mallory\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(401);
        assertThat(answer.body()).doesNotContain("token\":\"ey");
        assertThat(ParleyStandalone.expand("--demo", "--server.port=1"))
                .containsExactly("--parley.demo.enabled=true", "--server.port=1");
    }
}
