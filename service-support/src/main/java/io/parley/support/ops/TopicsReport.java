package io.parley.support.ops;

import io.parley.support.infra.KafkaTopics;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Parley's Kafka topics as {@code GET /api/admin/topics} shows them, and how far behind each of their readers is:
 * Kafka consumer groups by their committed offsets, Axon processors by the positions in their tokens. Lag is, per
 * partition, the end offset minus the next offset the reader will read; a reader's lag is the sum over partitions.
 */
public class TopicsReport {

    private static final long TIMEOUT_SECONDS = 10;
    static final String PARLEY_PREFIX = "parley.";

    public record Report(List<Topic> topics) {

        /** Each Axon processor's lag summed over the topics it reads. */
        public Map<String, Long> processorLags() {
            Map<String, Long> lags = new TreeMap<>();
            topics.forEach(topic -> topic.consumers().stream()
                    .filter(consumer -> consumer.kind().equals(Consumer.AXON_PROCESSOR))
                    .forEach(consumer -> lags.merge(consumer.name(), consumer.lag(), Long::sum)));
            return lags;
        }
    }

    /**
     * @param configured the shape this service made sure of at start, null for a topic it does not use
     * @param mismatches how the topic differs from {@code configured}, in words (as logged at start)
     */
    public record Topic(
            String name,
            int partitions,
            int replicationFactor,
            long retentionMs,
            Configured configured,
            List<String> mismatches,
            Map<Integer, Long> endOffsets,
            List<Consumer> consumers) {
    }

    /** {@code by}: the configuration prefix of the shape, or null when the service sets it in code. */
    public record Configured(int partitions, int replicationFactor, long retentionMs, String by) {
    }

    /** {@code kind}: {@code axon-processor} or {@code consumer-group}. */
    public record Consumer(String kind, String name, long lag, Map<Integer, Position> partitions) {

        static final String AXON_PROCESSOR = "axon-processor";
        static final String CONSUMER_GROUP = "consumer-group";
    }

    /** {@code position}: the next offset this reader reads in the partition. */
    public record Position(long position, long lag) {
    }

    private final Admin admin;
    private final KafkaTopics topics;
    private final String eventTopic;
    private final ProcessorPositions processors;

    /** @param processors null where this service keeps no Axon tokens in MongoDB */
    public TopicsReport(Admin admin, KafkaTopics topics, String eventTopic, ProcessorPositions processors) {
        this.admin = admin;
        this.topics = topics;
        this.eventTopic = eventTopic;
        this.processors = processors;
    }

    public Report build() {
        try {
            Set<String> names = parleyTopics();
            Map<String, KafkaTopics.Shape> shapes = topics.describe(names);
            Map<TopicPartition, Long> ends = endOffsets(shapes);
            Map<String, Map<TopicPartition, Long>> readers = new LinkedHashMap<>();
            Map<String, String> kinds = new HashMap<>();
            if (processors != null) {
                processors.read().forEach((processor, positions) -> {
                    readers.put(processor, positions.isEmpty() ? startOf(eventTopic, ends) : positions);
                    kinds.put(processor, Consumer.AXON_PROCESSOR);
                });
            }
            consumerGroups(names).forEach((group, positions) -> {
                readers.put(group, positions);
                kinds.put(group, Consumer.CONSUMER_GROUP);
            });
            List<Topic> report = new ArrayList<>();
            shapes.forEach((name, shape) -> report.add(topic(name, shape, ends, readers, kinds)));
            return new Report(report);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not read Parley's topics from Kafka", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading Parley's topics from Kafka", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka did not answer within " + TIMEOUT_SECONDS + " s", e);
        }
    }

    /** Topics named {@code parley.*}, plus any other this service made sure of (a renamed event topic). */
    private Set<String> parleyTopics() throws ExecutionException, InterruptedException, TimeoutException {
        Set<String> names = new TreeSet<>();
        for (String name : admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            if (name.startsWith(PARLEY_PREFIX) || name.equals(eventTopic) || topics.configured().containsKey(name)) {
                names.add(name);
            }
        }
        return names;
    }

    private Map<TopicPartition, Long> endOffsets(Map<String, KafkaTopics.Shape> shapes)
            throws ExecutionException, InterruptedException, TimeoutException {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        shapes.forEach((name, shape) -> shape.partitions().forEach(partition ->
                latest.put(new TopicPartition(name, partition.partition()), OffsetSpec.latest())));
        Map<TopicPartition, Long> ends = new HashMap<>();
        admin.listOffsets(latest).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                .forEach((partition, info) -> ends.put(partition, info.offset()));
        return ends;
    }

    /**
     * A processor that has read nothing yet is at the start of the event topic, which is what Axon's Kafka source
     * reads unless told otherwise.
     */
    private static Map<TopicPartition, Long> startOf(String topic, Map<TopicPartition, Long> ends) {
        Map<TopicPartition, Long> start = new HashMap<>();
        ends.keySet().stream().filter(partition -> partition.topic().equals(topic))
                .forEach(partition -> start.put(partition, 0L));
        return start;
    }

    /** Consumer groups with offsets committed on any of the given topics, and those offsets. */
    private Map<String, Map<TopicPartition, Long>> consumerGroups(Set<String> names)
            throws ExecutionException, InterruptedException, TimeoutException {
        Map<String, Map<TopicPartition, Long>> groups = new TreeMap<>();
        for (ConsumerGroupListing group : admin.listConsumerGroups().all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group.groupId())
                    .partitionsToOffsetAndMetadata().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            Map<TopicPartition, Long> positions = new HashMap<>();
            committed.forEach((partition, offset) -> {
                if (offset != null && names.contains(partition.topic())) {
                    positions.put(partition, offset.offset());
                }
            });
            if (!positions.isEmpty()) {
                groups.put(group.groupId(), positions);
            }
        }
        return groups;
    }

    private Topic topic(
            String name,
            KafkaTopics.Shape shape,
            Map<TopicPartition, Long> ends,
            Map<String, Map<TopicPartition, Long>> readers,
            Map<String, String> kinds) {
        Map<Integer, Long> endOffsets = new TreeMap<>();
        shape.partitions().forEach(partition ->
                endOffsets.put(partition.partition(), ends.get(new TopicPartition(name, partition.partition()))));
        List<Consumer> consumers = new ArrayList<>();
        readers.forEach((reader, positions) -> {
            if (positions.keySet().stream().noneMatch(partition -> partition.topic().equals(name))) {
                return;
            }
            // a processor reads every partition (one it has not reached yet from the start); a consumer group is
            // counted where it committed, as Kafka's own tools count it
            boolean everyPartition = kinds.get(reader).equals(Consumer.AXON_PROCESSOR);
            Map<Integer, Position> partitions = new TreeMap<>();
            long total = 0;
            for (Map.Entry<Integer, Long> end : endOffsets.entrySet()) {
                Long next = positions.get(new TopicPartition(name, end.getKey()));
                if (next == null && !everyPartition) {
                    continue;
                }
                long position = next == null ? 0 : next;
                long lag = Math.max(0, end.getValue() - position);
                partitions.put(end.getKey(), new Position(position, lag));
                total += lag;
            }
            consumers.add(new Consumer(kinds.get(reader), reader, total, partitions));
        });
        consumers.sort(Comparator.comparing(Consumer::kind).thenComparing(Consumer::name));
        KafkaTopics.Configured expected = topics.configured().get(name);
        Configured configured = expected == null ? null : new Configured(expected.shape().partitions(),
                expected.shape().replicationFactor(), expected.shape().retentionMillis(), expected.property());
        List<String> mismatches = expected == null ? List.of() : KafkaTopics.differences(expected, shape);
        return new Topic(name, shape.partitions().size(), shape.replicationFactor(), shape.retentionMs(),
                configured, mismatches, endOffsets, consumers);
    }
}
