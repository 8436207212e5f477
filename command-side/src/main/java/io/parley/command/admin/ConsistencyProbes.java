package io.parley.command.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.kernel.api.ConsistencyProbe;
import io.parley.kernel.api.ConversationHolding;
import io.parley.support.internal.InternalClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The read models the audit compares: in the standalone, the query side's and the push side's own probes in this
 * JVM; when the services run apart, the same probes over their {@code /internal/consistency/} routes
 * ({@code parley.query-side.url}, {@code parley.realtime-push.url}).
 */
@Component
class ConsistencyProbes {

    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    private final List<ConsistencyProbe> probes = new ArrayList<>();

    ConsistencyProbes(ObjectProvider<ConsistencyProbe> local, ObjectMapper json,
            @Value("${parley.query-side.url:}") String querySide,
            @Value("${parley.realtime-push.url:}") String realtimePush,
            @Value("${parley.internal.secret:}") String secret) {
        local.orderedStream().forEach(probes::add);
        if (probes.stream().noneMatch(probe -> probe.name().equals("conversations")) && !querySide.isBlank()) {
            probes.add(remote("conversations", new InternalClient(querySide, secret, json)));
        }
        if (probes.stream().noneMatch(probe -> probe.name().equals("feed")) && !realtimePush.isBlank()) {
            probes.add(remote("feed", new InternalClient(realtimePush, secret, json)));
        }
    }

    List<ConsistencyProbe> all() {
        return probes;
    }

    private static ConsistencyProbe remote(String name, InternalClient client) {
        return new ConsistencyProbe() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public List<ConversationHolding> holdings() {
                return List.of(client.get("internal/consistency/" + name, ConversationHolding[].class, TIMEOUT)
                        .orElseThrow(() -> new IllegalStateException("the " + name + " probe did not answer")));
            }
        };
    }
}
