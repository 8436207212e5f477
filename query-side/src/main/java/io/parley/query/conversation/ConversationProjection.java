package io.parley.query.conversation;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import io.parley.kernel.conversation.ConversationCreatedEvent;
import io.parley.kernel.conversation.ConversationDeletedEvent;
import io.parley.kernel.conversation.ParticipantAddedEvent;
import io.parley.kernel.conversation.ParticipantRemovedEvent;
import io.parley.query.ReadModel;
import io.parley.query.ReadModelBatch;
import io.parley.query.ReadModels;
import io.parley.query.conversation.ConversationRecord.Member;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.springframework.data.mongodb.core.query.Update;

/**
 * Keeps {@code conversations} in step with the membership events from Kafka. Every write is guarded by the
 * event's sequence number, so a repeated or late delivery changes nothing. Message events of the same conversation
 * are handled in the same processing group (so in the same order) by the message projection.
 *
 * <p>It writes to the generation {@code target} names when an event arrives: the live one for the processing
 * group's own processor, a fixed new generation for a rebuild (see {@link ReadModels}).
 */
@ProcessingGroup(ReadModels.NAME)
public class ConversationProjection {

    private final Supplier<ReadModel> target;

    public ConversationProjection(Supplier<ReadModel> target) {
        this.target = target;
    }

    @EventHandler
    public void on(ConversationCreatedEvent event, @SequenceNumber long version) {
        ReadModel model = target.get();
        List<Member> members = event.participants().stream()
                .map(userId -> new Member(userId, 0, 0, null, 0))
                .toList();
        event.participants().forEach(userId ->
                index(model, userId, new Update().addToSet("conversations", event.conversationId())));
        model.batch().create(new ConversationRecord(event.conversationId(), event.participants(),
                event.group(), event.groupName(), event.createdBy(), event.createdAt(), event.createdAt(), false,
                null, version, 0, 0, members));
    }

    /** The new member sees the messages from now on, and has read none of the earlier ones it cannot see. */
    @EventHandler
    public void on(ParticipantAddedEvent event, @SequenceNumber long version) {
        ReadModel model = target.get();
        ReadModelBatch conversations = model.batch();
        conversations.conversationBelow(event.conversationId(), version).ifPresent(record -> {
            if (record.participants().contains(event.userId())) {
                return;
            }
            List<String> participants = new ArrayList<>(record.participants());
            participants.add(event.userId());
            List<Member> members = new ArrayList<>(record.members());
            members.add(new Member(event.userId(), record.lastSeq(), record.lastSeq(), event.addedAt(), 0));
            index(model, event.userId(), new Update().addToSet("conversations", event.conversationId()));
            conversations.advance(event.conversationId(), version, new Update()
                    .set("participants", participants)
                    .set("members", members)
                    .set("updatedAt", event.addedAt()));
        });
    }

    @EventHandler
    public void on(ParticipantRemovedEvent event, @SequenceNumber long version) {
        ReadModel model = target.get();
        ReadModelBatch conversations = model.batch();
        conversations.conversationBelow(event.conversationId(), version).ifPresent(record -> {
            index(model, event.userId(), new Update().pull("conversations", event.conversationId()));
            conversations.advance(event.conversationId(), version, new Update()
                        .set("participants", record.participants().stream()
                                .filter(userId -> !userId.equals(event.userId())).toList())
                        .set("members", record.members().stream()
                                .filter(member -> !member.userId().equals(event.userId())).toList())
                        .set("updatedAt", event.removedAt()));
        });
    }

    private static void index(ReadModel model, String userId, Update update) {
        model.mongo().upsert(query(where("_id").is(userId)), update, model.collection(ReadModel.USER_CONVERSATIONS));
    }

    @EventHandler
    public void on(ConversationDeletedEvent event, @SequenceNumber long version) {
        ReadModelBatch conversations = target.get().batch();
        conversations.conversationBelow(event.conversationId(), version).ifPresent(record ->
                conversations.advance(event.conversationId(), version, new Update()
                        .set("deleted", true)
                        .set("deletedAt", event.deletedAt())
                        .set("updatedAt", event.deletedAt())));
    }
}
