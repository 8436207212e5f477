package io.parley.query;

import io.parley.query.conversation.ConversationProjection;
import io.parley.query.message.MessageProjection;
import io.parley.query.replay.ReplayProperties;
import org.axonframework.config.ConfigurerModule;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Every read of the query side goes by {@code _id} (a conversation, a message under {@code conversation:seq}, a
 * lookup document), so it needs no index beyond the one every MongoDB collection has, and it runs as fast on the
 * embedded store, which keeps no other kind, as on a real MongoDB.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({PageLimits.class, ReplayProperties.class})
@EnableScheduling
public class QuerySideConfiguration {

    /** The processing group's own projections write to whichever generation is live. */
    @Bean
    ConversationProjection conversationProjection(ReadModels readModels) {
        return new ConversationProjection(readModels::live);
    }

    @Bean
    MessageProjection messageProjection(ReadModels readModels) {
        return new MessageProjection(readModels::live);
    }

    /** The live processor writes each batch of events at the batch's end (see {@link ReadModelBatch}). */
    @Bean
    ConfigurerModule readModelBatches(ReadModels readModels) {
        return configurer -> configurer.eventProcessing().registerHandlerInterceptor(ReadModels.NAME,
                axon -> new ReadModelBatchScope(readModels::live));
    }
}
