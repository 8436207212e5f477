package io.parley.support.ops;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.TopicPartition;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.WrappedToken;
import org.axonframework.extensions.kafka.eventhandling.consumer.streamable.KafkaTrackingToken;
import org.axonframework.extensions.mongo.MongoTemplate;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.Serializer;
import org.bson.Document;
import org.bson.types.Binary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where each Axon processor that reads Kafka stands, from the tokens in Axon's Mongo token store. Read straight from
 * the store's collection: Axon's {@code TokenStore.fetchToken} claims the token it returns, which would take a
 * segment away from the processor working on it.
 */
public class ProcessorPositions {

    private static final Logger log = LoggerFactory.getLogger(ProcessorPositions.class);
    /** The document the Mongo token store keeps its own settings in, not a processor's. */
    private static final String CONFIG_ENTRY = "__config";

    private final MongoTemplate axonMongo;
    private final Serializer tokenSerializer;

    public ProcessorPositions(MongoTemplate axonMongo, Serializer tokenSerializer) {
        this.axonMongo = axonMongo;
        this.tokenSerializer = tokenSerializer;
    }

    /**
     * Processor name to the next offset it will read in each partition it has read from. A Kafka token holds the
     * offset of the last record handled, so the next one is that plus one. A processor with several segments is as
     * far as its slowest segment, since every segment reads every partition. A processor whose token names no
     * partition yet appears with an empty map.
     */
    public Map<String, Map<TopicPartition, Long>> read() {
        Map<String, List<Map<TopicPartition, Long>>> segments = new LinkedHashMap<>();
        for (Document entry : axonMongo.trackingTokensCollection().find()) {
            String processor = entry.getString("processorName");
            Binary token = entry.get("token", Binary.class);
            if (CONFIG_ENTRY.equals(processor) || token == null) {
                continue;
            }
            kafkaToken(processor, token.getData(), entry.getString("tokenType")).ifPresent(kafka ->
                    segments.computeIfAbsent(processor, name -> new ArrayList<>())
                            .add(kafka.getPositions()));
        }
        Map<String, Map<TopicPartition, Long>> positions = new LinkedHashMap<>();
        segments.forEach((processor, tokens) -> positions.put(processor, slowest(tokens)));
        return positions;
    }

    private Optional<KafkaTrackingToken> kafkaToken(String processor, byte[] data, String type) {
        try {
            TrackingToken token = tokenSerializer.deserialize(
                    new SimpleSerializedObject<>(data, byte[].class, type, null));
            return WrappedToken.unwrap(token, KafkaTrackingToken.class);
        } catch (RuntimeException unreadable) {
            // a token of a processor in another service, of a class this one does not have
            log.debug("token of processor {} ({}) not read: {}", processor, type, unreadable.toString());
            return Optional.empty();
        }
    }

    private static Map<TopicPartition, Long> slowest(List<Map<TopicPartition, Long>> tokens) {
        Map<TopicPartition, Long> next = new HashMap<>();
        tokens.forEach(token -> token.keySet().forEach(partition -> next.put(partition, Long.MAX_VALUE)));
        next.replaceAll((partition, unused) -> tokens.stream()
                .mapToLong(token -> token.containsKey(partition) ? token.get(partition) + 1 : 0)
                .min()
                .orElse(0));
        return next;
    }
}
