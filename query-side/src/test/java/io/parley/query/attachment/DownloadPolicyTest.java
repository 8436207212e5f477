package io.parley.query.attachment;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

class DownloadPolicyTest {

    @Test
    void onlyPassiveTypesAreInline() {
        for (String passive : new String[] {"image/png", "image/JPEG", "application/pdf", "audio/ogg", "video/webm",
            "text/plain;charset=UTF-8"}) {
            assertThat(DownloadPolicy.inline(MediaType.parseMediaType(passive))).as(passive).isTrue();
        }
        for (String active : new String[] {"image/svg+xml", "text/html", "application/xml", "text/javascript",
            "application/octet-stream", "multipart/related"}) {
            assertThat(DownloadPolicy.inline(MediaType.parseMediaType(active))).as(active).isFalse();
        }
    }

    @Test
    void anUnparsableStoredTypeIsServedAsOctetStream() {
        assertThat(DownloadPolicy.mediaType("!!!garbage")).isEqualTo(MediaType.APPLICATION_OCTET_STREAM);
        assertThat(DownloadPolicy.mediaType("a/b; q=\"")).isEqualTo(MediaType.APPLICATION_OCTET_STREAM);
        assertThat(DownloadPolicy.mediaType(null)).isEqualTo(MediaType.APPLICATION_OCTET_STREAM);
    }

    @Test
    void theNameGoesAsFilenameStarWithAnAsciiStandIn() {
        assertThat(DownloadPolicy.contentDisposition(MediaType.TEXT_HTML, "a \"b\"\\c\u00e9.html"))
                .isEqualTo("attachment; filename=\"a _b__c_.html\"; filename*=UTF-8''a%20%22b%22%5Cc%C3%A9.html");
        assertThat(DownloadPolicy.contentDisposition(MediaType.IMAGE_PNG, "line\r\nbreak.png"))
                .isEqualTo("inline; filename=\"line__break.png\"; filename*=UTF-8''line%0D%0Abreak.png");
    }
}
