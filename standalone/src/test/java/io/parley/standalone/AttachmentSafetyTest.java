package io.parley.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.standalone.TestParley.Response;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Attachments never run in the API's origin: every class of content type is served with {@code nosniff} and
 * {@code Content-Security-Policy: sandbox}; passive types (raster images, PDF, audio, video, plain text) inline,
 * anything a browser could run (SVG, HTML, XML, JavaScript) and anything unknown as a download; a declared type that
 * does not parse is kept as {@code application/octet-stream}, and the name goes as RFC 6266 {@code filename*}.
 */
class AttachmentSafetyTest {

    @RegisterExtension
    static final TestParley parley = TestParley.perClass();

    private final String alice = TestParley.uniqueUser("alice");

    @ParameterizedTest(name = "{0} is stored as {1} and served {2}")
    @CsvSource(delimiter = '|', value = {
        "image/png                | image/png                | inline",
        "image/jpeg               | image/jpeg               | inline",
        "image/gif                | image/gif                | inline",
        "image/webp               | image/webp               | inline",
        "application/pdf          | application/pdf          | inline",
        "audio/mpeg               | audio/mpeg               | inline",
        "video/mp4                | video/mp4                | inline",
        "text/plain;charset=UTF-8 | text/plain;charset=UTF-8 | inline",
        "image/svg+xml            | image/svg+xml            | attachment",
        "text/html                | text/html                | attachment",
        "application/xhtml+xml    | application/xhtml+xml    | attachment",
        "text/xml                 | text/xml                 | attachment",
        "application/xml          | application/xml          | attachment",
        "application/javascript   | application/javascript   | attachment",
        "text/javascript          | text/javascript          | attachment",
        "application/x-unknown    | application/x-unknown    | attachment",
        "application/octet-stream | application/octet-stream | attachment",
        "'!!!garbage'             | application/octet-stream | attachment",
        "'a/b; q=\"'              | application/octet-stream | attachment",
        "'*/*'                    | application/octet-stream | attachment",
        "''                       | application/octet-stream | attachment",
    })
    void everyContentTypeIsServedSafely(String declared, String stored, String disposition) {
        byte[] bytes = "<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>"
                .getBytes(StandardCharsets.UTF_8);
        Response uploaded = parley.upload(alice, "file.bin", declared, bytes);
        assertThat(uploaded.status()).as("%s", uploaded.body()).isEqualTo(201);
        assertThat(uploaded.body().path("contentType").asText()).isEqualTo(stored);

        HttpResponse<byte[]> served = parley.download(alice, "/api/attachment/" + uploaded.id());

        assertThat(served.statusCode()).isEqualTo(200);
        assertThat(served.body()).isEqualTo(bytes);
        assertThat(served.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type.replace(" ", "")).isEqualToIgnoringCase(stored.replace(" ", "")));
        assertThat(served.headers().firstValue("Content-Disposition")).hasValueSatisfying(
                value -> assertThat(value).startsWith(disposition + ";"));
        assertThat(served.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(served.headers().firstValue("Content-Security-Policy")).hasValue("sandbox");
    }

    @Test
    void theNameTravelsAsFilenameStarInUtf8WithAnAsciiStandIn() {
        Response uploaded =
                parley.upload(alice, "hello world.txt", "text/plain", "hi".getBytes(StandardCharsets.UTF_8));
        String disposition = parley.download(alice, "/api/attachment/" + uploaded.id())
                .headers().firstValue("Content-Disposition").orElseThrow();

        assertThat(disposition).isEqualTo("inline; filename=\"hello world.txt\"; filename*=UTF-8''hello%20world.txt");
        assertThat(disposition).doesNotContain("=?UTF-8?");
    }

    @Test
    void aNameOutsideAsciiIsPercentEncodedAndReplacedInTheStandIn() {
        Response uploaded = parley.upload(alice, "r\u00e9sum\u00e9 final.pdf", "application/pdf",
                "%PDF".getBytes(StandardCharsets.UTF_8));
        assertThat(uploaded.body().path("name").asText()).isEqualTo("r\u00e9sum\u00e9 final.pdf");
        String disposition = parley.download(alice, "/api/attachment/" + uploaded.id())
                .headers().firstValue("Content-Disposition").orElseThrow();

        assertThat(disposition).isEqualTo(
                "inline; filename=\"r_sum_ final.pdf\"; filename*=UTF-8''r%C3%A9sum%C3%A9%20final.pdf");
    }
}
