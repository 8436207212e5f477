package io.parley.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.standalone.TestParley.Response;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What an operator's tools see: {@code /actuator/health} with Kafka, MongoDB and every event processor, and
 * {@code /actuator/prometheus} with messages sent, events applied and Kafka lag per processor; no other endpoint.
 */
class ObservabilityTest {

    private static final List<String> PROCESSORS = List.of(
            "__axon-kafka-event-publishing-group", "conversations", "feed");

    @RegisterExtension
    static final TestParley parley = TestParley.perClass("--parley.metrics.lag-refresh=200ms");

    private static StreamingEventProcessor processor(String name) {
        return parley.running().context().getBean(EventProcessingConfiguration.class)
                .eventProcessor(name, StreamingEventProcessor.class).orElseThrow();
    }

    private static String prometheus() {
        HttpResponse<String> response = parley.text(null, "/actuator/prometheus");
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    /** The value of the one sample of {@code name} whose labels include {@code label}, or null if there is none. */
    static Double sample(String exposition, String name, String label) {
        Matcher samples = Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*})? (\\S+)$").matcher(exposition);
        List<Double> found = new ArrayList<>();
        while (samples.find()) {
            if (label == null || (samples.group(1) != null && samples.group(1).contains(label))) {
                found.add(Double.parseDouble(samples.group(2)));
            }
        }
        assertThat(found).as(name + " " + label).hasSizeLessThanOrEqualTo(1);
        return found.isEmpty() ? null : found.get(0);
    }

    private static String send(String conversation, String content, String clientMessageId) {
        Response sent = parley.post("alice", "/api/message", "{\"conversationId\":\"" + conversation
                + "\",\"content\":\"" + content + "\",\"clientMessageId\":\"" + clientMessageId + "\"}");
        assertThat(sent.status()).isIn(200, 201);
        return sent.id();
    }

    @Test
    void healthShowsKafkaMongoAndEveryProcessorWithItsSegments() {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            Response health = parley.get(null, "/actuator/health");
            assertThat(health.status()).isEqualTo(200);
            assertThat(health.body().path("status").asText()).isEqualTo("UP");
            JsonNode components = health.body().path("components");
            assertThat(components.path("kafka").path("status").asText()).isEqualTo("UP");
            assertThat(components.path("mongo").path("status").asText()).isEqualTo("UP");
            JsonNode processors = components.path("eventProcessors").path("components");
            assertThat(processors.fieldNames()).toIterable().containsExactlyElementsOf(PROCESSORS);
            for (String name : PROCESSORS) {
                JsonNode processor = processors.path(name);
                assertThat(processor.path("status").asText()).as(name).isEqualTo("UP");
                assertThat(processor.path("details").path("running").asBoolean()).as(name).isTrue();
                assertThat(processor.path("details").path("error").asBoolean()).as(name).isFalse();
                assertThat(processor.path("details").path("segments").asInt()).as(name).isEqualTo(1);
                assertThat(processor.path("details").path("claimed").path("0").path("caughtUp").asBoolean())
                        .as(name).isTrue();
            }
        });
    }

    @Test
    void aStoppedProcessorIsShownStoppedWithoutTakingTheServiceDown() {
        StreamingEventProcessor conversations = processor("conversations");
        conversations.shutDown();
        try {
            Response health = parley.get(null, "/actuator/health");
            assertThat(health.status()).as("a replay pauses the live processor; the service still serves")
                    .isEqualTo(200);
            assertThat(health.body().path("status").asText()).isEqualTo("UP");
            JsonNode stopped = health.body().path("components").path("eventProcessors").path("components")
                    .path("conversations");
            assertThat(stopped.path("status").asText()).isEqualTo("STOPPED");
            assertThat(stopped.path("details").path("running").asBoolean()).isFalse();
            assertThat(stopped.path("details").path("claimed")).as("it let go of its segment").isEmpty();
        } finally {
            conversations.start();
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(parley.get(null, "/actuator/health").body().path("status").asText()).isEqualTo("UP"));
    }

    @Test
    void messagesSentCountOnceEach() {
        double before = sample(prometheus(), "parley_messages_sent_total", null);
        String group = parley.post("alice", "/api/conversation",
                "{\"participants\":[\"bob\"],\"isGroup\":true}").id();
        send(group, "one", "count-1");
        send(group, "two", "count-2");
        send(group, "one again", "count-1");
        assertThat(parley.post("alice", "/api/conversation/participant/add",
                "{\"conversationId\":\"" + group + "\",\"userId\":\"carol\"}").status()).isEqualTo(200);
        assertThat(sample(prometheus(), "parley_messages_sent_total", null))
                .as("two messages; the retry and the other events count nothing").isEqualTo(before + 2);
    }

    @Test
    void eventsAppliedAreCountedPerProcessor() {
        String events = prometheus();
        List<Double> before = new ArrayList<>();
        PROCESSORS.forEach(name -> before.add(sample(events, "parley_events_applied_total",
                "processor=\"" + name + "\"")));
        String conversation = parley.post("alice", "/api/conversation", "{\"participants\":[\"dave\"]}").id();
        send(conversation, "counted", "applied-1");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            String after = prometheus();
            for (int i = 0; i < PROCESSORS.size(); i++) {
                assertThat(sample(after, "parley_events_applied_total", "processor=\"" + PROCESSORS.get(i) + "\""))
                        .as(PROCESSORS.get(i)).isEqualTo(before.get(i) + 2);
            }
        });
    }

    @Test
    void lagGaugesFollowEachProcessorThatReadsKafka() {
        parley.post("alice", "/api/conversation", "{\"participants\":[\"erin\"]}");
        String lag = "parley_processor_lag_records";
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            String metrics = prometheus();
            assertThat(sample(metrics, lag, "processor=\"conversations\"")).isZero();
            assertThat(sample(metrics, lag, "processor=\"feed\"")).isZero();
            assertThat(sample(metrics, lag, "processor=\"__axon-kafka-event-publishing-group\""))
                    .as("the publisher reads the event store").isNull();
        });
        StreamingEventProcessor conversations = processor("conversations");
        conversations.shutDown();
        try {
            String bootstrap = parley.running().infrastructure().embeddedKafkaBootstrapServers();
            ConsumerRecord<String, byte[]> record = EventTopicRecords.find(bootstrap, any -> true);
            EventTopicRecords.publishAgain(bootstrap, record, 2);
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                String metrics = prometheus();
                assertThat(sample(metrics, lag, "processor=\"conversations\"")).isEqualTo(2);
                assertThat(sample(metrics, lag, "processor=\"feed\"")).isZero();
            });
        } finally {
            conversations.start();
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(sample(prometheus(), lag, "processor=\"conversations\"")).isZero());
    }

    @Test
    void onlyHealthAndPrometheusAreExposed() {
        Response index = parley.get(null, "/actuator");
        assertThat(index.body().path("_links").fieldNames()).toIterable()
                .containsExactlyInAnyOrder("self", "health", "health-path", "prometheus");
        for (String endpoint : List.of("env", "beans", "metrics", "configprops", "loggers", "heapdump")) {
            assertThat(parley.text(null, "/actuator/" + endpoint).statusCode()).as(endpoint).isEqualTo(404);
        }
    }
}
