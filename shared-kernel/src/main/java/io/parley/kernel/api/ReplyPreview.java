package io.parley.kernel.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The message a reply answers, as the reply shows it: {@code content} is its first 200 characters (empty once it
 * is deleted).
 */
public record ReplyPreview(String id, String sender, String content, @JsonProperty("isDeleted") boolean isDeleted) {

    public static final int PREVIEW_LENGTH = 200;
}
