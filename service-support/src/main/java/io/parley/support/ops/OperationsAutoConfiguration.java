package io.parley.support.ops;

import io.parley.support.infra.AxonMongoAutoConfiguration;
import io.parley.support.infra.KafkaAutoConfiguration;
import io.parley.support.infra.KafkaTopics;
import org.apache.kafka.clients.admin.Admin;
import org.axonframework.extensions.kafka.eventhandling.consumer.streamable.KafkaTrackingToken;
import org.axonframework.extensions.mongo.MongoTemplate;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/** {@code GET /api/admin/topics} and the report behind it, in every service that talks to Kafka. */
@AutoConfiguration(after = {KafkaAutoConfiguration.class, AxonMongoAutoConfiguration.class})
@ConditionalOnClass({Admin.class, KafkaTrackingToken.class})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnBean(KafkaTopics.class)
@Import(TopicsController.class)
public class OperationsAutoConfiguration {

    @Bean
    @ConditionalOnBean(MongoTemplate.class)
    ProcessorPositions processorPositions(MongoTemplate axonMongoTemplate, @Qualifier("serializer") Serializer tokens) {
        return new ProcessorPositions(axonMongoTemplate, tokens);
    }

    @Bean
    TopicsReport topicsReport(
            Admin parleyKafkaAdmin,
            KafkaTopics topics,
            @Value("${axon.kafka.default-topic}") String eventTopic,
            ObjectProvider<ProcessorPositions> positions) {
        return new TopicsReport(parleyKafkaAdmin, topics, eventTopic, positions.getIfAvailable());
    }
}
