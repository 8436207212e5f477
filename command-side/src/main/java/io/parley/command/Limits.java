package io.parley.command;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** {@code parley.limits.*}: the configurable limits of API.md that the command side enforces. */
@ConfigurationProperties("parley.limits")
public record Limits(int maxParticipants, int maxGroupNameLength, int maxContentLength, int maxAttachments) {

    public Limits {
        maxParticipants = maxParticipants > 0 ? maxParticipants : 1000;
        maxGroupNameLength = maxGroupNameLength > 0 ? maxGroupNameLength : 200;
        maxContentLength = maxContentLength > 0 ? maxContentLength : 10_000;
        maxAttachments = maxAttachments > 0 ? maxAttachments : 10;
    }
}
