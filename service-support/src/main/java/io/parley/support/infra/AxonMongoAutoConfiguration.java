package io.parley.support.infra;

import com.mongodb.WriteConcern;
import java.time.Clock;
import java.time.Duration;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.extensions.mongo.DefaultMongoTemplate;
import org.axonframework.extensions.mongo.MongoTemplate;
import org.axonframework.extensions.mongo.eventsourcing.tokenstore.MongoTokenStore;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.mongo.MongoClientSettingsBuilderCustomizer;
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

    /**
     * Every write waits for a majority of the replica set ({@code parley.mongo.write-concern}, a number or
     * {@code majority}) and for the journal ({@code parley.mongo.journal}), so an acknowledged event survives the
     * primary's crash and a fail-over; this overrides a {@code w} or {@code journal} given in the URI.
     */
    @Bean
    MongoClientSettingsBuilderCustomizer durableWrites(
            @Value("${parley.mongo.write-concern:majority}") String acknowledgedBy,
            @Value("${parley.mongo.journal:true}") boolean journal) {
        WriteConcern concern = acknowledgedBy.chars().allMatch(Character::isDigit) && !acknowledgedBy.isEmpty()
                ? new WriteConcern(Integer.parseInt(acknowledgedBy))
                : new WriteConcern(acknowledgedBy);
        WriteConcern durable = concern.withJournal(journal);
        return settings -> settings.writeConcern(durable);
    }

    @Bean
    @ConditionalOnMissingBean
    MongoTemplate axonMongoTemplate(MongoDatabaseFactory databases) {
        return DefaultMongoTemplate.builder().mongoDatabase(databases.getMongoDatabase()).build();
    }

    @Bean
    @ConditionalOnMissingBean
    TokenStore tokenStore(MongoTemplate axonMongoTemplate, @Qualifier("serializer") Serializer serializer,
            @Value("${parley.processors.claim-renewal:2s}") Duration renewEvery,
            @Value("${parley.processors.token-write-interval:250ms}") Duration writeEvery) {
        return new SparingTokenStore(MongoTokenStore.builder()
                        .mongoTemplate(new UnjournaledTokensTemplate(axonMongoTemplate)).serializer(serializer).build(),
                renewEvery, writeEvery, Clock.systemUTC());
    }
}
