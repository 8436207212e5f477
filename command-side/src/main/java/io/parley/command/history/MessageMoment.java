package io.parley.command.history;

import io.parley.kernel.Text;
import io.parley.kernel.api.MessageView;
import io.parley.kernel.api.ReactionView;
import io.parley.kernel.api.ReplyPreview;
import io.parley.kernel.message.MessageDeletedEvent;
import io.parley.kernel.message.MessageEditedEvent;
import io.parley.kernel.message.MessageSentEvent;
import io.parley.kernel.message.ReactionAddedEvent;
import io.parley.kernel.message.ReactionRemovedEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * What one message was after some of its events: its {@link MessageSentEvent}, then its edits, reactions and
 * deletion in the order they were stored. Read markers are the conversation's ({@link ConversationMoment}).
 * Reactions keep the order each emoji first appeared and, under it, the order its users reacted; an emoji nobody
 * reacts with any more leaves the list (a later reaction with it comes last). A deleted message keeps its place
 * with empty content, attachments and reactions.
 */
final class MessageMoment {

    static final int REPLY_PREVIEW = 200;

    private final MessageSentEvent sent;
    private String content;
    private List<String> attachments;
    private boolean edited;
    private Instant editedAt;
    private boolean deleted;
    private Instant deletedAt;
    private Instant updatedAt;
    private final Map<String, LinkedHashSet<String>> reactions = new LinkedHashMap<>();

    MessageMoment(MessageSentEvent sent) {
        this.sent = sent;
        this.content = sent.content();
        this.attachments = sent.attachments();
        this.updatedAt = sent.sentAt();
    }

    /** One of this message's later events; any other event is not this message's and changes nothing. */
    void apply(Object payload) {
        if (payload instanceof MessageEditedEvent edit && !deleted) {
            content = edit.content();
            edited = true;
            editedAt = edit.editedAt();
            updatedAt = edit.editedAt();
        } else if (payload instanceof ReactionAddedEvent reaction && !deleted) {
            reactions.computeIfAbsent(reaction.emoji(), emoji -> new LinkedHashSet<>()).add(reaction.userId());
        } else if (payload instanceof ReactionRemovedEvent reaction) {
            LinkedHashSet<String> users = reactions.get(reaction.emoji());
            if (users != null && users.remove(reaction.userId()) && users.isEmpty()) {
                reactions.remove(reaction.emoji());
            }
        } else if (payload instanceof MessageDeletedEvent deletion && !deleted) {
            deleted = true;
            deletedAt = deletion.deletedAt();
            updatedAt = deletion.deletedAt();
            content = "";
            attachments = List.of();
            reactions.clear();
        }
    }

    long seq() {
        return sent.seq();
    }

    String messageId() {
        return sent.messageId();
    }

    String replyToId() {
        return sent.replyTo();
    }

    ReplyPreview asReplyTarget() {
        return new ReplyPreview(sent.messageId(), sent.sender(),
                deleted ? "" : Text.truncate(content, REPLY_PREVIEW), deleted);
    }

    /** As the conversation's members saw it then; {@code replyTo} is the replied message at the same instant. */
    MessageView view(ConversationMoment conversation, MessageMoment replyTo) {
        List<ReactionView> shown = new ArrayList<>(reactions.size());
        reactions.forEach((emoji, users) -> shown.add(new ReactionView(emoji, users.size(), List.copyOf(users))));
        return new MessageView(sent.messageId(), sent.conversationId(), sent.sender(), content,
                List.copyOf(attachments), conversation.readBy(sent.seq(), sent.sender()), sent.seq(),
                sent.clientMessageId(), deleted, deletedAt, sent.sentAt(), updatedAt, edited, editedAt, shown,
                replyTo == null ? null : replyTo.asReplyTarget(), conversation.deliveredTo(sent.seq(), sent.sender()));
    }
}
