package io.parley.query.conversation;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import io.parley.kernel.conversation.ConversationCreatedEvent;
import io.parley.kernel.conversation.ConversationDeletedEvent;
import io.parley.kernel.conversation.ParticipantAddedEvent;
import io.parley.kernel.conversation.ParticipantRemovedEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * Keeps {@code conversations} in step with the conversation events from Kafka. Each update applies only to a
 * document still below the event's sequence number, so a repeated delivery is a no-op.
 */
@Component
@ProcessingGroup(ConversationProjection.PROCESSING_GROUP)
public class ConversationProjection {

    public static final String PROCESSING_GROUP = "conversations";

    private final MongoTemplate mongo;

    public ConversationProjection(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    @EventHandler
    void on(ConversationCreatedEvent event, @SequenceNumber long sequence) {
        try {
            mongo.insert(new ConversationRecord(event.conversationId(), event.participants(), event.group(),
                    event.groupName(), event.createdBy(), event.createdAt(), event.createdAt(), false, null, sequence));
        } catch (DuplicateKeyException alreadyApplied) {
            // a repeated delivery: the document exists from the first one
        }
    }

    @EventHandler
    void on(ParticipantAddedEvent event, @SequenceNumber long sequence) {
        advance(event.conversationId(), sequence, new Update()
                .addToSet("participants", event.userId())
                .set("updatedAt", event.addedAt()));
    }

    @EventHandler
    void on(ParticipantRemovedEvent event, @SequenceNumber long sequence) {
        advance(event.conversationId(), sequence, new Update()
                .pull("participants", event.userId())
                .set("updatedAt", event.removedAt()));
    }

    @EventHandler
    void on(ConversationDeletedEvent event, @SequenceNumber long sequence) {
        advance(event.conversationId(), sequence, new Update()
                .set("deleted", true)
                .set("deletedAt", event.deletedAt())
                .set("updatedAt", event.deletedAt()));
    }

    private void advance(String conversationId, long sequence, Update update) {
        mongo.updateFirst(
                query(where("_id").is(conversationId).and("version").lt(sequence)),
                update.set("version", sequence),
                ConversationRecord.class);
    }
}
