package io.parley.command;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** {@code parley.limits.*}: the configurable limits of API.md that the command side enforces. */
@ConfigurationProperties("parley.limits")
public record Limits(int maxParticipants, int maxGroupNameLength) {

    public static final Limits DEFAULTS = new Limits(1000, 200);

    public Limits {
        maxParticipants = maxParticipants > 0 ? maxParticipants : DEFAULTS.maxParticipants;
        maxGroupNameLength = maxGroupNameLength > 0 ? maxGroupNameLength : 200;
    }
}
