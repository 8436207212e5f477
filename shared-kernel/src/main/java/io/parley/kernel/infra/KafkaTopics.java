package io.parley.kernel.infra;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the event topic with its configured shape when it is missing, and refuses to start when an existing one
 * has fewer partitions than configured: silently running on a different shape would break the ordering and
 * scaling the configuration promises.
 */
public class KafkaTopics {

    private static final Logger log = LoggerFactory.getLogger(KafkaTopics.class);
    private static final long TIMEOUT_SECONDS = 30;

    private final Admin admin;

    public KafkaTopics(Admin admin) {
        this.admin = admin;
    }

    public void ensure(String name, EventTopicProperties shape) {
        NewTopic topic = new NewTopic(name, shape.partitions(), shape.replicationFactor())
                .configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, shape.retentionMs()));
        try {
            admin.createTopics(List.of(topic)).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            log.info("created Kafka topic {} with {} partitions", name, shape.partitions());
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("could not create Kafka topic " + name, e.getCause());
            }
            check(name, shape);
        } catch (Exception e) {
            throw new IllegalStateException("could not reach Kafka to create topic " + name, e);
        }
    }

    private void check(String name, EventTopicProperties shape) {
        TopicDescription description;
        try {
            description = admin.describeTopics(List.of(name)).allTopicNames().get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                    .get(name);
        } catch (Exception e) {
            throw new IllegalStateException("could not describe Kafka topic " + name, e);
        }
        int partitions = description.partitions().size();
        if (partitions < shape.partitions()) {
            throw new IllegalStateException("Kafka topic " + name + " has " + partitions
                    + " partitions but " + shape.partitions() + " are configured (parley.kafka.events.partitions)");
        }
    }
}
