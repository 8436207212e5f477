package io.parley.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Kafka delivers at least once. This publishes a copy of a real event record again, after the events that followed
 * it, and checks the read model does not move: without the projection's sequence guard, the copy of
 * "carol was added" would bring the removed carol back.
 */
class DuplicateDeliveryTest {

    @RegisterExtension
    static final TestParley parley = TestParley.perClass();

    @Test
    void aRedeliveredEventLeavesTheReadModelUnchanged() {
        String group = parley.post("alice", "/api/conversation",
                "{\"participants\":[\"bob\"],\"isGroup\":true,\"groupName\":\"dup\"}").id();
        String carol = "{\"conversationId\":\"" + group + "\",\"userId\":\"carol\"}";
        assertThat(parley.post("alice", "/api/conversation/participant/add", carol).status()).isEqualTo(200);
        assertThat(parley.post("alice", "/api/conversation/participant/remove", carol).status()).isEqualTo(200);

        String bootstrap = parley.running().infrastructure().embeddedKafkaBootstrapServers();
        ConsumerRecord<String, byte[]> carolAdded = EventTopicRecords.find(bootstrap, record -> {
            Header type = record.headers().lastHeader("axon-message-type");
            return group.equals(record.key()) && type != null
                    && new String(type.value(), StandardCharsets.UTF_8).endsWith("ParticipantAddedEvent");
        });
        EventTopicRecords.publishAgain(bootstrap, carolAdded, 1);
        // a later event of the same conversation: same key, same partition, so it is consumed after the copy
        parley.post("alice", "/api/conversation/participant/add",
                "{\"conversationId\":\"" + group + "\",\"userId\":\"dave\"}");

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(parley.get("alice", "/api/conversation/" + group).texts("participants"))
                        .containsExactly("alice", "bob", "dave"));
        assertThat(parley.get("carol", "/api/conversation/" + group).status()).isEqualTo(404);
    }
}
