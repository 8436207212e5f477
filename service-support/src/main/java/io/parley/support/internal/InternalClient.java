package io.parley.support.internal;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.kernel.error.ErrorCode;
import io.parley.kernel.error.ParleyException;
import io.parley.kernel.error.RateLimitedException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

/**
 * Calls another service's {@code /internal/} routes with the shared secret. 200 is the answer, 204 and 404 are "none",
 * a refusal in the error format comes back as the same {@link ParleyException}, so a client of the calling service
 * hears what it would have heard in one JVM; anything else (the service down, a 5xx) is an {@link IllegalStateException}.
 */
public class InternalClient {

    public static final String SECRET_HEADER = "X-Parley-Internal";

    private final URI base;
    private final String secret;
    private final ObjectMapper json;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public InternalClient(String baseUrl, String secret, ObjectMapper json) {
        if (secret == null || secret.isBlank()) {
            throw new IllegalStateException("parley.internal.secret must be set where services call each other");
        }
        this.base = URI.create(baseUrl.endsWith("/") ? baseUrl : baseUrl + "/");
        this.secret = secret;
        this.json = json;
    }

    /** GETs {@code path} (relative, e.g. {@code internal/views/...}); empty on 204 or 404. */
    public <T> Optional<T> get(String path, Class<T> type, Duration timeout) {
        return exchange(HttpRequest.newBuilder(base.resolve(path)).GET(), json.constructType(type), timeout);
    }

    /** POSTs {@code body} as JSON to {@code path}; the answer as {@code type}. */
    public <T> T post(String path, Object body, Class<T> type, Duration timeout) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)));
            return this.<T>exchange(request, json.constructType(type), timeout)
                    .orElseThrow(() -> new IllegalStateException("no answer from " + path));
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the body for " + path, e);
        }
    }

    private <T> Optional<T> exchange(HttpRequest.Builder request, JavaType type, Duration timeout) {
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.header(SECRET_HEADER, secret).timeout(timeout).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new IllegalStateException("cannot reach " + base, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while calling " + base, e);
        }
        try {
            int status = response.statusCode();
            if (status == 200 || status == 201) {
                return Optional.of(json.readValue(response.body(), type));
            }
            if (status == 204 || status == 404 && response.body().length == 0) {
                return Optional.empty();
            }
            throw refusal(status, json.readTree(response.body()));
        } catch (IOException e) {
            throw new IllegalStateException("unreadable answer from " + base + " (" + response.statusCode() + ")", e);
        }
    }

    private RuntimeException refusal(int status, JsonNode body) {
        String code = body.path("error").path("code").asText("");
        Optional<ErrorCode> known = Arrays.stream(ErrorCode.values()).filter(c -> c.code().equals(code)).findFirst();
        if (known.orElse(null) == ErrorCode.RATE_LIMITED) {
            return new RateLimitedException(body.path("error").path("message").asText(),
                    Duration.ofSeconds(body.path("error").path("retryAfter").asLong(1)));
        }
        if (status >= 400 && status < 500 && known.isPresent()) {
            return new ParleyException(known.get(), body.path("error").path("message").asText());
        }
        return new IllegalStateException(base + " answered " + status + ": " + body);
    }
}
