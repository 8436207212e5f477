package io.parley.support.infra;

import org.apache.kafka.clients.admin.Admin;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.data.mongodb.core.MongoTemplate;

/** The {@code kafka} and {@code mongo} components of {@code /actuator/health}. */
@AutoConfiguration(
        after = KafkaAutoConfiguration.class,
        afterName = "org.springframework.boot.autoconfigure.data.mongo.MongoDataAutoConfiguration",
        beforeName = "org.springframework.boot.actuate.autoconfigure.data.mongo.MongoHealthContributorAutoConfiguration")
@ConditionalOnClass(HealthIndicator.class)
public class HealthAutoConfiguration {

    /** Named as Spring Boot's, which then steps aside. */
    @Bean
    @ConditionalOnBean(MongoTemplate.class)
    HealthIndicator mongoHealthIndicator(MongoTemplate mongo) {
        return new MongoHealthIndicator(mongo);
    }

    @Bean
    @ConditionalOnClass(Admin.class)
    @ConditionalOnBean(Admin.class)
    HealthIndicator kafkaHealthIndicator(Admin parleyKafkaAdmin) {
        return new KafkaHealthIndicator(parleyKafkaAdmin);
    }
}
