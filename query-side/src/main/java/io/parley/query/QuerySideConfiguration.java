package io.parley.query;

import io.parley.query.conversation.ConversationRecord;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PageLimits.class)
public class QuerySideConfiguration {

    private final MongoTemplate mongo;

    public QuerySideConfiguration(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    /**
     * The list query's index on real MongoDB. The embedded mongo-java-server keeps only unique indexes and
     * ignores this one (scanning instead), which is why the hot paths there go by {@code _id}.
     */
    @EventListener(ApplicationReadyEvent.class)
    void ensureIndexes() {
        mongo.indexOps(ConversationRecord.class).ensureIndex(new Index()
                .on("participants", Sort.Direction.ASC)
                .on("updatedAt", Sort.Direction.DESC)
                .named("participant_activity"));
    }
}
