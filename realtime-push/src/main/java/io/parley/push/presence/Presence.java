package io.parley.push.presence;

import java.time.Instant;

/**
 * A user's presence as clients see it, in the {@code presence} push and in {@code GET /api/presence}.
 * {@code lastSeen} is when their last connection closed (for a user online now, the time before), null if never.
 */
record Presence(String userId, String status, Instant lastSeen) {

    static final String EVENT = "presence";
    static final String ONLINE = "online";
    static final String OFFLINE = "offline";

    static Presence online(String userId, Instant lastSeen) {
        return new Presence(userId, ONLINE, lastSeen);
    }

    static Presence offline(String userId, Instant lastSeen) {
        return new Presence(userId, OFFLINE, lastSeen);
    }
}
