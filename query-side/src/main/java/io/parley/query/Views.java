package io.parley.query;

import io.parley.kernel.api.ConversationView;
import io.parley.kernel.api.MessageView;
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

    public MessageView message(MessageRecord message, ConversationRecord conversation) {
        return new MessageView(message.messageId(), message.conversationId(), message.sender(), message.content(),
                message.attachments(), conversation.readBy(message.seq(), message.sender()), message.seq(),
                message.clientMessageId(), message.deleted(), message.deletedAt(), message.createdAt(),
                message.updatedAt());
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
                    conversation.updatedAt(), last == null ? null : message(last, conversation),
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
