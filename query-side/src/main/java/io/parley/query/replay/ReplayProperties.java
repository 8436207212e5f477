package io.parley.query.replay;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code parley.replay.*}: when a rebuild may take over ({@code switch-margin} Kafka records behind the live
 * processor or closer), how long the live processor may stay paused for it to cover the last of them
 * ({@code catch-up-timeout}; past it the live one resumes and the switch is tried again later), and how long a
 * retired generation is kept for reads that started before the switch ({@code retire-after}). Commands wait for
 * the read model while the live processor is paused: keep the timeout well below
 * {@code parley.read-your-writes-timeout}.
 */
@ConfigurationProperties("parley.replay")
public record ReplayProperties(long switchMargin, Duration catchUpTimeout, Duration retireAfter) {

    public ReplayProperties {
        switchMargin = switchMargin > 0 ? switchMargin : 50;
        catchUpTimeout = catchUpTimeout != null ? catchUpTimeout : Duration.ofSeconds(2);
        retireAfter = retireAfter != null ? retireAfter : Duration.ofSeconds(30);
    }
}
