package io.parley.support.infra;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code parley.kafka.events.*}: the event topic every service reads or writes. Its name is Axon's
 * {@code axon.kafka.default-topic}; retention {@code -1} (the default) keeps events forever, since the topic is
 * the log analysts and read models replay.
 */
@ConfigurationProperties("parley.kafka.events")
public record EventTopicProperties(int partitions, short replicationFactor, Duration retention) {

    public EventTopicProperties {
        partitions = partitions > 0 ? partitions : 6;
        replicationFactor = replicationFactor > 0 ? replicationFactor : 1;
    }

    /** {@code retention.ms} as Kafka takes it: -1 for forever. */
    public long retentionMillis() {
        return retention == null || retention.isNegative() ? -1 : retention.toMillis();
    }
}
