package io.parley.command.history;

import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.extensions.mongo.MongoTemplate;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * History at a moment: the event log, the index of pointers into it (in the command side's own database) and the
 * warmer that keeps the index behind the store's head. {@code parley.history.checkpoint-every} events (32) between
 * checkpoints bound the events a moment folds; {@code parley.history.warm} (on) and {@code .warm-delay} (5 s) say
 * whether and how soon after an append the index catches up (a run costs a few store commands per conversation it
 * indexes, however many of its events it takes).
 */
@Configuration(proxyBeanMethods = false)
class HistoryConfiguration {

    @Bean
    EventLog historyEventLog(
            MongoTemplate axonMongoTemplate,
            EventStorageEngine store,
            @Qualifier("eventSerializer") Serializer serializer,
            org.axonframework.config.Configuration axon) {
        return new EventLog(axonMongoTemplate, store, serializer, axon.upcasterChain());
    }

    @Bean
    HistoryIndex historyIndex(
            org.springframework.data.mongodb.core.MongoTemplate mongo,
            EventLog historyEventLog,
            @Value("${parley.history.checkpoint-every:32}") int every) {
        return new HistoryIndex(mongo, historyEventLog, every);
    }

    @Bean
    ConversationHistory conversationHistory(EventLog historyEventLog, HistoryIndex historyIndex) {
        return new ConversationHistory(historyEventLog, historyIndex);
    }

    @Bean
    HistoryWarmer historyWarmer(
            HistoryIndex historyIndex,
            EventStore eventStore,
            @Value("${parley.history.warm:true}") boolean warm,
            @Value("${parley.history.warm-delay:5s}") java.time.Duration delay) {
        HistoryWarmer warmer = new HistoryWarmer(historyIndex, delay.toMillis());
        if (warm) {
            eventStore.subscribe(warmer::appended);
        }
        return warmer;
    }
}
