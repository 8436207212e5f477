package io.parley.support.infra;

import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.extensions.mongo.DefaultMongoTemplate;
import org.axonframework.extensions.mongo.MongoTemplate;
import org.axonframework.extensions.mongo.eventsourcing.tokenstore.MongoTokenStore;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.data.mongodb.MongoDatabaseFactory;

/**
 * Runs before Axon's own configuration and the Kafka extension's, whose in-memory and Kafka token stores
 * would otherwise take the place of the durable one here.
 */
@AutoConfiguration(
        afterName = "org.springframework.boot.autoconfigure.data.mongo.MongoDataAutoConfiguration",
        beforeName = {
                "org.axonframework.springboot.autoconfig.AxonAutoConfiguration",
                "org.axonframework.extensions.kafka.autoconfig.KafkaAutoConfiguration"})
@ConditionalOnClass(MongoTokenStore.class)
public class AxonMongoAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    MongoTemplate axonMongoTemplate(MongoDatabaseFactory databases) {
        return DefaultMongoTemplate.builder().mongoDatabase(databases.getMongoDatabase()).build();
    }

    @Bean
    @ConditionalOnMissingBean
    TokenStore tokenStore(MongoTemplate axonMongoTemplate, @Qualifier("serializer") Serializer serializer) {
        return MongoTokenStore.builder().mongoTemplate(axonMongoTemplate).serializer(serializer).build();
    }
}
