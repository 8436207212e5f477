package io.parley.query;

import io.parley.kernel.Text;
import io.parley.kernel.api.ConversationView;
import io.parley.kernel.api.MessageView;
import io.parley.kernel.api.ReactionView;
import io.parley.kernel.api.ReplyPreview;
import io.parley.query.conversation.ConversationRecord;
import io.parley.query.conversation.ConversationRecord.Member;
import io.parley.query.message.MessageRecord;
import io.parley.query.message.MessageStore;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Turns one generation's records into the API's objects, as one caller sees them. */
public class Views {

    private final MessageStore messages;

    public Views(MessageStore messages) {
        this.messages = messages;
    }

    /** The message as a member who may see what it replies to sees it (its sender, say). */
    public MessageView message(MessageRecord message, ConversationRecord conversation) {
        return messages(List.of(message), conversation, null).get(0);
    }

    /**
     * The messages as {@code viewer} sees them (null: a member who may see what they reply to), reading the
     * messages they reply to at once. A member who joined after the message replied to was sent sees that a
     * message replies, and to whom, but not its content: history from before they joined is not theirs to read.
     */
    public List<MessageView> messages(List<MessageRecord> page, ConversationRecord conversation, String viewer) {
        List<String> repliedToKeys = page.stream()
                .filter(message -> message.replyTo() != null && message.replyToSeq() > 0)
                .map(message -> MessageRecord.key(message.conversationId(), message.replyToSeq()))
                .distinct()
                .toList();
        Map<String, MessageRecord> repliedTo = messages.findAll(repliedToKeys).stream()
                .collect(Collectors.toMap(MessageRecord::id, Function.identity()));
        long visibleAfter = viewer == null ? 0 : conversation.member(viewer).map(Member::visibleAfter).orElse(0L);
        return page.stream().map(message -> {
            ReplyPreview reply = message.replyTo() == null ? null : preview(message.replyTo(),
                    repliedTo.get(MessageRecord.key(message.conversationId(), message.replyToSeq())), visibleAfter);
            return new MessageView(message.messageId(), message.conversationId(), message.sender(),
                    message.content(), message.attachments(), conversation.readBy(message.seq(), message.sender()),
                    message.seq(), message.clientMessageId(), message.deleted(), message.deletedAt(),
                    message.createdAt(), message.updatedAt(), message.edited(), message.editedAt(),
                    message.reactions().stream()
                            .map(reaction -> ReactionView.of(reaction.emoji(), reaction.users()))
                            .toList(),
                    reply, conversation.deliveredTo(message.seq(), message.sender()));
        }).toList();
    }

    private static ReplyPreview preview(String messageId, MessageRecord original, long visibleAfter) {
        if (original == null) {
            return new ReplyPreview(messageId, null, "", false);
        }
        String content = original.deleted() || original.seq() <= visibleAfter
                ? ""
                : Text.truncate(original.content(), ReplyPreview.PREVIEW_LENGTH);
        return new ReplyPreview(messageId, original.sender(), content, original.deleted());
    }

    public ConversationView conversation(ConversationRecord conversation, String viewer) {
        return conversations(List.of(conversation), viewer).get(0);
    }

    /** Reads the last messages of all of them at once. */
    public List<ConversationView> conversations(List<ConversationRecord> conversations, String viewer) {
        List<String> lastMessageKeys = conversations.stream()
                .filter(conversation -> lastMessageSeqFor(conversation, viewer) > 0)
                .map(conversation -> MessageRecord.key(conversation.id(), conversation.lastMessageSeq()))
                .toList();
        Map<String, MessageRecord> lastMessages = messages.findAll(lastMessageKeys).stream()
                .collect(Collectors.toMap(MessageRecord::id, Function.identity()));
        return conversations.stream().map(conversation -> {
            MessageRecord last = lastMessages.get(MessageRecord.key(conversation.id(), conversation.lastMessageSeq()));
            return new ConversationView(conversation.id(), conversation.participants(), conversation.group(),
                    conversation.groupName(), conversation.createdBy(), conversation.createdAt(),
                    conversation.updatedAt(), last == null ? null : messages(List.of(last), conversation, viewer).get(0),
                    conversation.member(viewer).map(Member::unread).orElse(0L), conversation.deleted(),
                    conversation.deletedAt());
        }).toList();
    }

    /** The newest message the viewer may see, or 0: nothing for a non-member, nothing from before they joined. */
    private static long lastMessageSeqFor(ConversationRecord conversation, String viewer) {
        Optional<Member> member = conversation.member(viewer);
        return member.isPresent() && conversation.lastMessageSeq() > member.get().visibleAfter()
                ? conversation.lastMessageSeq()
                : 0;
    }
}
