package io.parley.query.message;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import io.parley.kernel.message.MessageDeletedEvent;
import io.parley.kernel.message.MessageDeliveredEvent;
import io.parley.kernel.message.MessageEditedEvent;
import io.parley.kernel.message.MessageReadEvent;
import io.parley.kernel.message.MessageSentEvent;
import io.parley.kernel.message.ReactionAddedEvent;
import io.parley.kernel.message.ReactionRemovedEvent;
import io.parley.query.ReadModel;
import io.parley.query.ReadModelBatch;
import io.parley.query.ReadModels;
import io.parley.query.conversation.ConversationProjection;
import io.parley.query.conversation.ConversationRecord;
import io.parley.query.conversation.ConversationRecord.Member;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.springframework.data.mongodb.core.query.Update;

/**
 * Keeps {@code messages} and the lookups beside it, and each member's unread count and read marker in the
 * conversation, in step with the message events. In the conversations' processing group, so a message is applied
 * after the membership changes before it and before those after it.
 *
 * <p>Every event may arrive twice. Message documents are inserted under fixed ids (a repeat is a duplicate key),
 * a deletion marks the version that deleted, and the conversation moves only with a newer version; so counts are
 * changed once per event however often it comes. Edits and reactions change a message only with a version above
 * the message's own ({@link MessageRecord#version}), and each version of an edit is kept under a fixed id; every
 * event then moves the conversation's version, which the command endpoints wait for.
 */
@ProcessingGroup(ReadModels.NAME)
public class MessageProjection {

    private final Supplier<ReadModel> target;

    /** {@code target}: the generation to write to, looked up per event (see {@link ConversationProjection}). */
    public MessageProjection(Supplier<ReadModel> target) {
        this.target = target;
    }

    @EventHandler
    public void on(MessageSentEvent event, @SequenceNumber long version) {
        ReadModel model = target.get();
        ReadModelBatch batch = model.batch();
        long replyToSeq = event.replyTo() == null ? 0 : batch.findOnce(
                        event.replyTo(), MessageIdRecord.class, ReadModel.MESSAGE_IDS)
                .map(MessageIdRecord::seq)
                .orElse(0L);
        batch.insert(new MessageRecord(MessageRecord.key(event.conversationId(), event.seq()), event.messageId(),
                event.conversationId(), event.seq(), event.sender(), event.content(), event.attachments(),
                event.clientMessageId(), false, null, 0, event.sentAt(), event.sentAt(), version, false, null, 0,
                List.of(), event.replyTo(), replyToSeq));
        batch.insertOnce(new MessageIdRecord(event.messageId(), event.conversationId(), event.seq()),
                ReadModel.MESSAGE_IDS);
        if (event.clientMessageId() != null) {
            batch.insertOnce(new ClientMessageIdRecord(
                    ClientMessageIdRecord.key(event.conversationId(), event.sender(), event.clientMessageId()),
                    event.messageId(), event.seq()), ReadModel.CLIENT_MESSAGE_IDS);
        }
        String ref = MessageRecord.key(event.conversationId(), event.seq());
        event.attachments().forEach(attachmentId -> model.mongo().upsert(query(where("_id").is(attachmentId)),
                new Update().addToSet("refs", ref), model.collection(ReadModel.ATTACHMENT_REFS)));

        batch.conversationBelow(event.conversationId(), version).ifPresent(record ->
                batch.advance(event.conversationId(), version, new Update()
                        .set("lastSeq", event.seq())
                        .set("lastMessageSeq", event.seq())
                        .set("updatedAt", event.sentAt())
                        .set("members", record.members().stream()
                                .map(member -> member.userId().equals(event.sender())
                                        ? member
                                        : member.withUnread(member.unread() + 1))
                                .toList())));
    }

    @EventHandler
    public void on(MessageDeletedEvent event, @SequenceNumber long version) {
        ReadModelBatch batch = target.get().batch();
        String key = MessageRecord.key(event.conversationId(), event.seq());
        MessageRecord message = batch.message(event.conversationId(), event.seq()).orElseThrow(() ->
                new IllegalStateException("deleted message " + key + " was never sent"));
        if (!message.deleted()) {
            batch.update(message, new Update()
                    .set("deleted", true)
                    .set("deletedAt", event.deletedAt())
                    .set("deletedVersion", version)
                    .set("updatedAt", event.deletedAt())
                    .set("content", "")
                    .set("attachments", List.of())
                    .set("reactions", List.of()));
        } else if (message.deletedVersion() != version) {
            return; // deleted by an earlier event: this later deletion changes nothing
        }
        if (message.editCount() > 0) {
            // a deleted message has no edits: its earlier versions go with it (again on a repeat: idempotent)
            batch.removeOnce(EditRecord.keys(event.conversationId(), event.seq(), message.editCount()),
                    ReadModel.MESSAGE_EDITS);
        }
        batch.conversationBelow(event.conversationId(), version).ifPresent(record ->
                batch.advance(event.conversationId(), version, new Update()
                        .set("lastMessageSeq", record.lastMessageSeq() == event.seq()
                                ? lastLiveSeqBefore(batch, event.conversationId(), event.seq())
                                : record.lastMessageSeq())
                        .set("members", record.members().stream()
                                .map(member -> countedAsUnread(member, message)
                                        ? member.withUnread(member.unread() - 1)
                                        : member)
                                .toList())));
    }

    @EventHandler
    public void on(MessageReadEvent event, @SequenceNumber long version) {
        ReadModelBatch batch = target.get().batch();
        batch.conversationBelow(event.conversationId(), version).ifPresent(record ->
                batch.advance(event.conversationId(), version, new Update()
                        .set("members", record.members().stream()
                                .map(member -> member.userId().equals(event.reader())
                                        ? readUpTo(batch, record, member, event)
                                        : member)
                                .toList())));
    }

    /** The first edit keeps the original as version 0; each edit is then version {@code editCount}. */
    @EventHandler
    public void on(MessageEditedEvent event, @SequenceNumber long version) {
        ReadModelBatch batch = target.get().batch();
        changeMessage(batch, event.conversationId(), event.seq(), version, message -> {
            if (message.editCount() == 0) {
                batch.insertOnce(new EditRecord(EditRecord.key(event.conversationId(), event.seq(), 0),
                        message.content(), message.createdAt()), ReadModel.MESSAGE_EDITS);
            }
            int n = message.editCount() + 1;
            batch.insertOnce(new EditRecord(EditRecord.key(event.conversationId(), event.seq(), n), event.content(),
                    event.editedAt()), ReadModel.MESSAGE_EDITS);
            return new Update()
                    .set("content", event.content())
                    .set("edited", true)
                    .set("editedAt", event.editedAt())
                    .set("editCount", n)
                    .set("updatedAt", event.editedAt());
        });
    }

    @EventHandler
    public void on(ReactionAddedEvent event, @SequenceNumber long version) {
        changeMessage(target.get().batch(), event.conversationId(), event.seq(), version, message -> new Update()
                .set("reactions", message.reactionsWith(event.emoji(), event.userId(), true)));
    }

    @EventHandler
    public void on(ReactionRemovedEvent event, @SequenceNumber long version) {
        changeMessage(target.get().batch(), event.conversationId(), event.seq(), version, message -> new Update()
                .set("reactions", message.reactionsWith(event.emoji(), event.userId(), false)));
    }

    /** One marker per member: the messages up to it count as delivered to them (see {@link Member#delivered}). */
    @EventHandler
    public void on(MessageDeliveredEvent event, @SequenceNumber long version) {
        ReadModelBatch batch = target.get().batch();
        batch.conversationBelow(event.conversationId(), version).ifPresent(record ->
                batch.advance(event.conversationId(), version, new Update()
                        .set("members", record.members().stream()
                                .map(member -> member.userId().equals(event.userId())
                                        ? member.deliveredUpTo(event.seq())
                                        : member)
                                .toList())));
    }

    /**
     * Applies {@code change} to the message unless an event of this version or a later one changed it already, then
     * moves the conversation to {@code version} (unless it is there already): so an event interrupted between the
     * two writes finishes on its repeat, and a repeat of a finished one writes nothing.
     */
    private static void changeMessage(ReadModelBatch batch, String conversationId, long seq, long version,
            Function<MessageRecord, Update> change) {
        String key = MessageRecord.key(conversationId, seq);
        MessageRecord message = batch.message(conversationId, seq).orElseThrow(() ->
                new IllegalStateException("message " + key + " was never sent"));
        if (message.version() < version) {
            batch.update(message, change.apply(message).set("version", version));
        }
        batch.conversationBelow(conversationId, version)
                .ifPresent(record -> batch.advance(conversationId, version, new Update()));
    }

    private static boolean countedAsUnread(Member member, MessageRecord message) {
        return !member.userId().equals(message.sender())
                && member.marker() < message.seq()
                && member.visibleAfter() < message.seq();
    }

    private static Member readUpTo(
            ReadModelBatch messages, ConversationRecord record, Member member, MessageReadEvent event) {
        long marker = Math.max(member.marker(), event.seq());
        long unread = marker >= record.lastSeq()
                ? 0
                : messages.messages(event.conversationId(), marker + 1, record.lastSeq()).stream()
                        .filter(message -> !message.deleted() && !message.sender().equals(member.userId()))
                        .count();
        return new Member(member.userId(), member.visibleAfter(), marker, event.readAt(), unread, member.delivered());
    }

    private static long lastLiveSeqBefore(ReadModelBatch messages, String conversationId, long seq) {
        long step = 50;
        for (long top = seq - 1; top >= 1; top -= step) {
            for (MessageRecord message : messages.messages(conversationId, top, Math.max(1, top - step + 1))) {
                if (!message.deleted()) {
                    return message.seq();
                }
            }
        }
        return 0;
    }
}
