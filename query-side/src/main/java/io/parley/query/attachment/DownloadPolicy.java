package io.parley.query.attachment;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;

/**
 * How an attachment's bytes are served, so that an uploaded file never runs in the API's origin. Only passive types a
 * browser shows without running anything (raster images, PDF, audio, video, plain text) are {@code inline}; every
 * other type (SVG, HTML, XML, JavaScript, anything unknown) is an {@code attachment}, a download. Either way the
 * answer carries {@code X-Content-Type-Options: nosniff} and {@code Content-Security-Policy: sandbox}.
 */
final class DownloadPolicy {

    static final String CONTENT_SECURITY_POLICY = "sandbox";

    /** Passive whole types; {@code image/*} is not one, since {@code image/svg+xml} carries scripts. */
    private static final Set<String> INLINE_TYPES = Set.of("audio", "video");
    private static final Set<String> INLINE_SUBTYPES = Set.of(
            "image/png", "image/jpeg", "image/gif", "image/webp", "image/avif", "image/bmp", "image/x-icon",
            "image/vnd.microsoft.icon", "image/apng", "application/pdf", "text/plain");

    private DownloadPolicy() {
    }

    /** The stored type, or {@code application/octet-stream} when it does not parse (stored before it was checked). */
    static MediaType mediaType(String stored) {
        if (stored == null || stored.isBlank()) {
            return MediaType.APPLICATION_OCTET_STREAM;
        }
        try {
            MediaType parsed = MediaType.parseMediaType(stored);
            return parsed.isConcrete() ? parsed : MediaType.APPLICATION_OCTET_STREAM;
        } catch (InvalidMediaTypeException unparsable) {
            return MediaType.APPLICATION_OCTET_STREAM;
        }
    }

    static boolean inline(MediaType type) {
        String whole = type.getType().toLowerCase();
        return INLINE_TYPES.contains(whole)
                || INLINE_SUBTYPES.contains(whole + "/" + type.getSubtype().toLowerCase());
    }

    /**
     * RFC 6266: {@code filename} with an ASCII stand-in (what old clients use), {@code filename*} with the exact name
     * in UTF-8, percent-encoded (RFC 8187), which {@code curl -OJ} and browsers prefer.
     */
    static String contentDisposition(MediaType type, String name) {
        String fileName = name == null || name.isBlank() ? "file" : name;
        return (inline(type) ? "inline" : "attachment")
                + "; filename=\"" + asciiStandIn(fileName) + "\""
                + "; filename*=UTF-8''" + percentEncoded(fileName);
    }

    private static String asciiStandIn(String name) {
        StringBuilder ascii = new StringBuilder();
        name.codePoints().forEach(c -> ascii.append(
                c >= 0x20 && c < 0x7f && c != '"' && c != '\\' ? (char) c : '_'));
        return ascii.toString();
    }

    /** Every byte outside RFC 8187's attr-char as {@code %XX}. */
    private static String percentEncoded(String name) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            boolean attrChar = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "!#$&+-.^_`|~".indexOf(c) >= 0;
            if (attrChar) {
                out.write(c);
            } else {
                out.writeBytes(String.format("%%%02X", c).getBytes(StandardCharsets.US_ASCII));
            }
        }
        return out.toString(StandardCharsets.US_ASCII);
    }
}
