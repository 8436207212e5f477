package io.parley.support.infra;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure of Parley's topics while a service starts. A missing topic is created with its configured shape. An
 * existing one with fewer partitions than configured stops the start: Kafka cannot take partitions away, and running
 * on fewer would break the scaling the configuration promises. A replication factor or retention other than
 * configured is logged as a WARN and stays visible in {@code GET /api/admin/topics}: the topic works, but not as
 * promised (a retention shorter than forever loses events the read models replay), and fixing it is an operator's
 * decision, not something to change behind their back.
 */
public class KafkaTopics {

    private static final Logger log = LoggerFactory.getLogger(KafkaTopics.class);
    private static final long TIMEOUT_SECONDS = 30;
    private static final long UNKNOWN_TOPIC_RETRY_MS = 200;

    /** What an existing topic looks like. {@code replicationFactor} is the smallest of its partitions'. */
    public record Shape(List<TopicPartitionInfo> partitions, int replicationFactor, long retentionMs) {
    }

    /** A topic this service made sure of, with the configuration prefix that shapes it (null: set in code). */
    public record Configured(EventTopicProperties shape, String property) {

        String name(String setting) {
            return property == null ? "set by the service that uses it" : property + "." + setting;
        }
    }

    private final Admin admin;
    private final Map<String, Configured> configured = new ConcurrentHashMap<>();

    public KafkaTopics(Admin admin) {
        this.admin = admin;
    }

    public void ensure(String name, EventTopicProperties shape) {
        ensure(name, shape, null);
    }

    /** @param property the configuration prefix of this topic's shape, named in the messages of a mismatch */
    public void ensure(String name, EventTopicProperties shape, String property) {
        Configured expected = new Configured(shape, property);
        NewTopic topic = new NewTopic(name, shape.partitions(), shape.replicationFactor())
                .configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, String.valueOf(shape.retentionMillis())));
        try {
            admin.createTopics(List.of(topic)).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            log.info("created Kafka topic {} with {} partitions", name, shape.partitions());
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("could not create Kafka topic " + name, e.getCause());
            }
            check(name, expected);
        } catch (Exception e) {
            throw new IllegalStateException("could not reach Kafka to create topic " + name, e);
        }
        configured.put(name, expected);
    }

    private void check(String name, Configured expected) {
        Shape actual = describe(List.of(name)).get(name);
        int partitions = actual.partitions().size();
        if (partitions < expected.shape().partitions()) {
            throw new IllegalStateException("Kafka topic " + name + " has " + partitions + " partitions but "
                    + expected.shape().partitions() + " are configured (" + expected.name("partitions") + ")");
        }
        differences(expected, actual).forEach(difference -> log.warn("Kafka topic {}: {}", name, difference));
    }

    /** The topics made sure of here, with their configured shapes. */
    public Map<String, Configured> configured() {
        return Map.copyOf(configured);
    }

    /** How an existing topic differs from what is configured for it; empty when it is as configured. */
    public static List<String> differences(Configured expected, Shape actual) {
        List<String> differences = new ArrayList<>();
        EventTopicProperties shape = expected.shape();
        if (actual.partitions().size() < shape.partitions()) {
            differences.add("has " + actual.partitions().size() + " partitions but " + shape.partitions()
                    + " are configured (" + expected.name("partitions") + ")");
        }
        if (actual.replicationFactor() != shape.replicationFactor()) {
            differences.add("has replication factor " + actual.replicationFactor() + " but "
                    + shape.replicationFactor() + " is configured (" + expected.name("replication-factor") + ")");
        }
        long retentionMs = shape.retentionMillis();
        if (actual.retentionMs() != retentionMs) {
            differences.add("keeps records for retention.ms=" + actual.retentionMs() + " but retention.ms="
                    + retentionMs + " is configured (" + expected.name("retention") + ")");
        }
        return differences;
    }

    /**
     * The partitions, replication and retention of existing topics, by name. A topic created a moment ago (by another
     * service starting at the same time) may not be known to every broker yet: that is asked again for a while.
     */
    public Map<String, Shape> describe(Collection<String> names) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (true) {
            try {
                return describeOnce(names);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not describe Kafka topics " + names, e.getCause());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while describing Kafka topics " + names, e);
            } catch (TimeoutException e) {
                throw new IllegalStateException("could not reach Kafka to describe topics " + names, e);
            }
            sleep(UNKNOWN_TOPIC_RETRY_MS);
        }
    }

    private Map<String, Shape> describeOnce(Collection<String> names)
            throws ExecutionException, InterruptedException, TimeoutException {
        Map<String, TopicDescription> descriptions =
                admin.describeTopics(names).allTopicNames().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        List<ConfigResource> resources = names.stream()
                .map(name -> new ConfigResource(ConfigResource.Type.TOPIC, name))
                .toList();
        Map<ConfigResource, Config> configs =
                admin.describeConfigs(resources).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        Map<String, Shape> shapes = new LinkedHashMap<>();
        for (String name : names) {
            List<TopicPartitionInfo> partitions = descriptions.get(name).partitions();
            int replicationFactor = partitions.stream().mapToInt(p -> p.replicas().size()).min().orElse(0);
            String retention = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, name))
                    .get(TopicConfig.RETENTION_MS_CONFIG).value();
            shapes.put(name, new Shape(partitions, replicationFactor, Long.parseLong(retention)));
        }
        return shapes;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Kafka", e);
        }
    }
}
