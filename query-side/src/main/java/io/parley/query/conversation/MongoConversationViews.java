package io.parley.query.conversation;

import io.parley.kernel.api.ConversationView;
import io.parley.kernel.api.ConversationViews;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/** Polls the read model by {@code _id} until it reaches the version a command produced. */
@Component
class MongoConversationViews implements ConversationViews {

    private static final Duration FIRST_POLL = Duration.ofMillis(2);
    private static final Duration LONGEST_POLL = Duration.ofMillis(50);

    private final MongoTemplate mongo;

    MongoConversationViews(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    @Override
    public Optional<ConversationView> awaitVersion(
            String conversationId, String viewer, long version, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Duration pause = FIRST_POLL;
        while (true) {
            ConversationRecord record = mongo.findById(conversationId, ConversationRecord.class);
            if (record != null && record.version() >= version) {
                return Optional.of(record.toView(viewer));
            }
            if (System.nanoTime() >= deadline) {
                return Optional.empty();
            }
            LockSupport.parkNanos(pause.toNanos());
            pause = pause.multipliedBy(2).compareTo(LONGEST_POLL) > 0 ? LONGEST_POLL : pause.multipliedBy(2);
        }
    }
}
