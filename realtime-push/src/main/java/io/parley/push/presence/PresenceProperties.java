package io.parley.push.presence;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code parley.presence.*}: how often each node lists its online users on the presence topic, and how long after
 * a node's last record the others take its users offline. A node that dies is noticed between {@code expiry} and
 * {@code expiry + heartbeat-interval} after its last heartbeat (at most 40 s with the defaults).
 */
@ConfigurationProperties("parley.presence")
record PresenceProperties(
        @DefaultValue("10s") Duration heartbeatInterval,
        @DefaultValue("30s") Duration expiry) {

    PresenceProperties {
        if (heartbeatInterval.isNegative() || heartbeatInterval.isZero()
                || expiry.compareTo(heartbeatInterval.multipliedBy(2)) < 0) {
            throw new IllegalArgumentException("parley.presence.expiry (" + expiry + ") must be at least twice "
                    + "parley.presence.heartbeat-interval (" + heartbeatInterval + "), which must be positive: "
                    + "one late heartbeat must not take a live node's users offline");
        }
    }
}
