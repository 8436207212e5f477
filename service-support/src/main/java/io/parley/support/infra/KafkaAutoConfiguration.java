package io.parley.support.infra;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Parley's side of Kafka that Axon's extension leaves out: the event topic's shape, made sure of while the
 * context starts (before any processor publishes or reads).
 */
@AutoConfiguration(beforeName = "org.axonframework.extensions.kafka.autoconfig.KafkaAutoConfiguration")
@ConditionalOnClass(Admin.class)
@ConditionalOnProperty("axon.kafka.default-topic")
@EnableConfigurationProperties(EventTopicProperties.class)
public class KafkaAutoConfiguration {

    @Bean(destroyMethod = "close")
    Admin parleyKafkaAdmin(@Value("${axon.kafka.bootstrap-servers}") List<String> bootstrapServers) {
        return Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, String.join(",", bootstrapServers),
                AdminClientConfig.CLIENT_ID_CONFIG, "parley-admin"));
    }

    @Bean
    KafkaTopics kafkaTopics(
            Admin parleyKafkaAdmin,
            @Value("${axon.kafka.default-topic}") String eventTopic,
            EventTopicProperties shape) {
        KafkaTopics topics = new KafkaTopics(parleyKafkaAdmin);
        topics.ensure(eventTopic, shape, "parley.kafka.events");
        return topics;
    }
}
