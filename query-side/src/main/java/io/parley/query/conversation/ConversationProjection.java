package io.parley.query.conversation;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import io.parley.kernel.conversation.ConversationCreatedEvent;
import io.parley.kernel.conversation.ConversationDeletedEvent;
import io.parley.kernel.conversation.ParticipantAddedEvent;
import io.parley.kernel.conversation.ParticipantRemovedEvent;
import io.parley.query.conversation.ConversationRecord.Member;
import java.util.ArrayList;
import java.util.List;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * Keeps {@code conversations} in step with the membership events from Kafka. Every write is guarded by the
 * event's sequence number, so a repeated or late delivery changes nothing. Message events of the same conversation
 * are handled in the same processing group (so in the same order) by the message projection.
 */
@Component
@ProcessingGroup(ConversationProjection.PROCESSING_GROUP)
public class ConversationProjection {

    public static final String PROCESSING_GROUP = "conversations";
    /**
     * User id to the ids of the conversations they are or were in: the candidates the list route reads by
     * {@code _id}. It may hold more than the current memberships (a repeated event only adds), never fewer; readers
     * keep the conversations whose record still lists the user.
     */
    static final String USER_CONVERSATIONS = "user_conversations";

    private final MongoTemplate mongo;
    private final ConversationStore conversations;

    public ConversationProjection(MongoTemplate mongo, ConversationStore conversations) {
        this.mongo = mongo;
        this.conversations = conversations;
    }

    @EventHandler
    public void on(ConversationCreatedEvent event, @SequenceNumber long version) {
        List<Member> members = event.participants().stream()
                .map(userId -> new Member(userId, 0, 0, null, 0))
                .toList();
        event.participants().forEach(userId ->
                index(userId, new Update().addToSet("conversations", event.conversationId())));
        try {
            mongo.insert(new ConversationRecord(event.conversationId(), event.participants(), event.group(),
                    event.groupName(), event.createdBy(), event.createdAt(), event.createdAt(), false, null, version,
                    0, 0, members));
        } catch (DuplicateKeyException alreadyApplied) {
            // a repeated delivery: the document exists from the first one
        }
    }

    /** The new member sees the messages from now on, and has read none of the earlier ones it cannot see. */
    @EventHandler
    public void on(ParticipantAddedEvent event, @SequenceNumber long version) {
        conversations.findBelow(event.conversationId(), version).ifPresent(record -> {
            if (record.participants().contains(event.userId())) {
                return;
            }
            List<String> participants = new ArrayList<>(record.participants());
            participants.add(event.userId());
            List<Member> members = new ArrayList<>(record.members());
            members.add(new Member(event.userId(), record.lastSeq(), record.lastSeq(), event.addedAt(), 0));
            index(event.userId(), new Update().addToSet("conversations", event.conversationId()));
            conversations.advance(event.conversationId(), version, new Update()
                    .set("participants", participants)
                    .set("members", members)
                    .set("updatedAt", event.addedAt()));
        });
    }

    @EventHandler
    public void on(ParticipantRemovedEvent event, @SequenceNumber long version) {
        conversations.findBelow(event.conversationId(), version).ifPresent(record -> {
            index(event.userId(), new Update().pull("conversations", event.conversationId()));
            conversations.advance(event.conversationId(), version, new Update()
                        .set("participants", record.participants().stream()
                                .filter(userId -> !userId.equals(event.userId())).toList())
                        .set("members", record.members().stream()
                                .filter(member -> !member.userId().equals(event.userId())).toList())
                        .set("updatedAt", event.removedAt()));
        });
    }

    private void index(String userId, Update update) {
        mongo.upsert(query(where("_id").is(userId)), update, USER_CONVERSATIONS);
    }

    @EventHandler
    public void on(ConversationDeletedEvent event, @SequenceNumber long version) {
        conversations.findBelow(event.conversationId(), version).ifPresent(record ->
                conversations.advance(event.conversationId(), version, new Update()
                        .set("deleted", true)
                        .set("deletedAt", event.deletedAt())
                        .set("updatedAt", event.deletedAt())));
    }
}
