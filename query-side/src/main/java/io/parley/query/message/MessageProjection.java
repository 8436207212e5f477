package io.parley.query.message;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import io.parley.kernel.message.MessageDeletedEvent;
import io.parley.kernel.message.MessageReadEvent;
import io.parley.kernel.message.MessageSentEvent;
import io.parley.query.conversation.ConversationProjection;
import io.parley.query.conversation.ConversationRecord;
import io.parley.query.conversation.ConversationRecord.Member;
import io.parley.query.conversation.ConversationStore;
import java.util.List;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * Keeps {@code messages} and the lookups beside it, and each member's unread count and read marker in the
 * conversation, in step with the message events. In the conversations' processing group, so a message is applied
 * after the membership changes before it and before those after it.
 *
 * <p>Every event may arrive twice. Message documents are inserted under fixed ids (a repeat is a duplicate key),
 * a deletion marks the version that deleted, and the conversation moves only with a newer version; so counts are
 * changed once per event however often it comes.
 */
@Component
@ProcessingGroup(ConversationProjection.PROCESSING_GROUP)
public class MessageProjection {

    /**
     * Attachment id to the messages ({@code <conversationId>:<seq>}) that sent it. Only ever added to: whether a
     * reference still grants access is decided by the message (deleted or not) when the attachment is asked for.
     */
    static final String ATTACHMENT_REFS = "attachment_refs";

    private final MongoTemplate mongo;
    private final ConversationStore conversations;
    private final MessageStore messages;

    public MessageProjection(MongoTemplate mongo, ConversationStore conversations, MessageStore messages) {
        this.mongo = mongo;
        this.conversations = conversations;
        this.messages = messages;
    }

    @EventHandler
    public void on(MessageSentEvent event, @SequenceNumber long version) {
        insertOnce(new MessageRecord(MessageRecord.key(event.conversationId(), event.seq()), event.messageId(),
                event.conversationId(), event.seq(), event.sender(), event.content(), event.attachments(),
                event.clientMessageId(), false, null, 0, event.sentAt(), event.sentAt()));
        insertOnce(new MessageIdRecord(event.messageId(), event.conversationId(), event.seq()));
        if (event.clientMessageId() != null) {
            insertOnce(new ClientMessageIdRecord(
                    ClientMessageIdRecord.key(event.conversationId(), event.sender(), event.clientMessageId()),
                    event.messageId(), event.seq()));
        }
        String ref = MessageRecord.key(event.conversationId(), event.seq());
        event.attachments().forEach(attachmentId -> mongo.upsert(
                query(where("_id").is(attachmentId)), new Update().addToSet("refs", ref), ATTACHMENT_REFS));

        conversations.findBelow(event.conversationId(), version).ifPresent(record ->
                conversations.advance(event.conversationId(), version, new Update()
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
        String key = MessageRecord.key(event.conversationId(), event.seq());
        MessageRecord message = messages.find(event.conversationId(), event.seq()).orElseThrow(() ->
                new IllegalStateException("deleted message " + key + " was never sent"));
        if (!message.deleted()) {
            mongo.updateFirst(query(where("_id").is(key)), new Update()
                    .set("deleted", true)
                    .set("deletedAt", event.deletedAt())
                    .set("deletedVersion", version)
                    .set("updatedAt", event.deletedAt())
                    .set("content", "")
                    .set("attachments", List.of()), MessageRecord.class);
        } else if (message.deletedVersion() != version) {
            return; // deleted by an earlier event: this later deletion changes nothing
        }
        conversations.findBelow(event.conversationId(), version).ifPresent(record ->
                conversations.advance(event.conversationId(), version, new Update()
                        .set("lastMessageSeq", record.lastMessageSeq() == event.seq()
                                ? lastLiveSeqBefore(event.conversationId(), event.seq())
                                : record.lastMessageSeq())
                        .set("members", record.members().stream()
                                .map(member -> countedAsUnread(member, message)
                                        ? member.withUnread(member.unread() - 1)
                                        : member)
                                .toList())));
    }

    @EventHandler
    public void on(MessageReadEvent event, @SequenceNumber long version) {
        conversations.findBelow(event.conversationId(), version).ifPresent(record ->
                conversations.advance(event.conversationId(), version, new Update()
                        .set("members", record.members().stream()
                                .map(member -> member.userId().equals(event.reader())
                                        ? readUpTo(record, member, event)
                                        : member)
                                .toList())));
    }

    private void insertOnce(Object document) {
        try {
            mongo.insert(document);
        } catch (DuplicateKeyException alreadyApplied) {
            // a repeated delivery
        }
    }

    private static boolean countedAsUnread(Member member, MessageRecord message) {
        return !member.userId().equals(message.sender())
                && member.marker() < message.seq()
                && member.visibleAfter() < message.seq();
    }

    private Member readUpTo(ConversationRecord record, Member member, MessageReadEvent event) {
        long marker = Math.max(member.marker(), event.seq());
        long unread = marker >= record.lastSeq()
                ? 0
                : messages.range(event.conversationId(), marker + 1, record.lastSeq()).stream()
                        .filter(message -> !message.deleted() && !message.sender().equals(member.userId()))
                        .count();
        return new Member(member.userId(), member.visibleAfter(), marker, event.readAt(), unread);
    }

    private long lastLiveSeqBefore(String conversationId, long seq) {
        long step = 50;
        for (long top = seq - 1; top >= 1; top -= step) {
            for (MessageRecord message : messages.range(conversationId, top, Math.max(1, top - step + 1))) {
                if (!message.deleted()) {
                    return message.seq();
                }
            }
        }
        return 0;
    }
}
