package io.parley.push.feed;

import io.parley.kernel.Text;
import io.parley.kernel.api.MessageView;
import io.parley.kernel.api.ReactionView;
import io.parley.kernel.api.ReplyPreview;
import io.parley.kernel.message.MessageSentEvent;
import io.parley.kernel.message.Reaction;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.LongStream;
import org.springframework.data.annotation.Id;

/**
 * What the feed keeps of messages so that the pushes of the second wave carry what API.md promises, from the stream
 * alone: {@code message_edited} carries the whole message as it is now, {@code new_message} of a reply the message
 * it replies to, and {@code message_delivered} goes to the sender of each message a delivery (or read) marker newly
 * covers. Three small collections, every read by {@code _id} and every change written when the feed processor's
 * batch ends ({@link FeedBatch}):
 * <ul>
 * <li>{@value #MESSAGES}: each message under {@code <conversationId>:<seq>}, its current content, reactions and
 * whether it was edited or deleted; {@code version} is the conversation version of the last event that changed it,
 * so a repeated event changes it once (and builds the same payload again).
 * <li>{@value #IDS}: message id to seq, to find the message a reply names.
 * <li>{@value #RECEIPTS}: per conversation, each member's read marker and how far messages reached them
 * ({@code covered}, the further of delivery and reading), with what it covered before the last move and that move's
 * version: a repeated event finds the same newly covered messages again. One document per conversation, bounded by
 * its membership.
 * </ul>
 * A {@code mark_delivered} that moves the marker over many messages pushes {@code message_delivered} for each newly
 * covered message of someone else that is not deleted, once per user and message as API.md says, but for at most
 * the newest {@value #MAX_DELIVERED_PUSHES} of them per mark: a device back after a long time does not flood the
 * senders; for the older ones, {@code deliveredTo} in history shows the same. A read moves the markers too (reading
 * implies delivery) but pushes only {@code message_read}, which the senders hear as well.
 */
class FeedMessages {

    static final String MESSAGES = "feed_messages";
    static final String IDS = "feed_message_ids";
    static final String RECEIPTS = "feed_receipts";
    static final int MAX_DELIVERED_PUSHES = 100;


    record FeedMessage(@Id String key, String messageId, String conversationId, long seq, String sender,
            String content, List<String> attachments, String clientMessageId, Instant createdAt, Instant updatedAt,
            String replyTo, long replyToSeq, boolean edited, Instant editedAt, boolean deleted, Instant deletedAt,
            List<Reaction> reactions, long version) {

        FeedMessage {
            attachments = attachments == null ? List.of() : attachments;
            reactions = reactions == null ? List.of() : reactions;
        }

        static String key(String conversationId, long seq) {
            return conversationId + ":" + seq;
        }

        FeedMessage edited(String newContent, Instant at, long newVersion) {
            return new FeedMessage(key, messageId, conversationId, seq, sender, newContent, attachments,
                    clientMessageId, createdAt, at, replyTo, replyToSeq, true, at, deleted, deletedAt, reactions,
                    newVersion);
        }

        FeedMessage deleted(Instant at, long newVersion) {
            return new FeedMessage(key, messageId, conversationId, seq, sender, "", List.of(), clientMessageId,
                    createdAt, at, replyTo, replyToSeq, edited, editedAt, true, at, List.of(), newVersion);
        }

        /** With {@code userId} added to (or taken from) {@code emoji}, first-appearance order kept. */
        FeedMessage reacted(String emoji, String userId, boolean on, long newVersion) {
            List<Reaction> changed = Reaction.change(reactions, emoji, userId, on);
            return new FeedMessage(key, messageId, conversationId, seq, sender, content, attachments,
                    clientMessageId, createdAt, updatedAt, replyTo, replyToSeq, edited, editedAt, deleted, deletedAt,
                    changed, newVersion);
        }
    }

    record MessageSeq(@Id String messageId, long seq) {
    }

    /** {@code visibleAfter}: the last seq before the member joined (0 for a founding member). */
    record Marker(String userId, long visibleAfter, long read, long covered, long coveredBefore, long version) {
    }

    record FeedReceipts(@Id String conversationId, List<Marker> markers) {

        FeedReceipts {
            markers = markers == null ? List.of() : markers;
        }

        Optional<Marker> of(String userId) {
            return markers.stream().filter(marker -> marker.userId().equals(userId)).findFirst();
        }

        FeedReceipts with(Marker changed) {
            List<Marker> all = new ArrayList<>(markers.stream()
                    .filter(marker -> !marker.userId().equals(changed.userId())).toList());
            all.add(changed);
            return new FeedReceipts(conversationId, all);
        }
    }

    /** Keeps a new message (once, however often its event comes) and answers it as it was sent. */
    FeedMessage sent(FeedBatch batch, MessageSentEvent event, long version) {
        long replyToSeq = event.replyTo() == null ? 0
                : batch.find(IDS, event.replyTo(), MessageSeq.class).map(MessageSeq::seq).orElse(0L);
        FeedMessage message = new FeedMessage(FeedMessage.key(event.conversationId(), event.seq()),
                event.messageId(), event.conversationId(), event.seq(), event.sender(), event.content(),
                event.attachments(), event.clientMessageId(), event.sentAt(), event.sentAt(), event.replyTo(),
                replyToSeq, false, null, false, null, List.of(), version);
        batch.insertOnce(MESSAGES, message.key(), message);
        batch.insertOnce(IDS, event.messageId(), new MessageSeq(event.messageId(), event.seq()));
        return message;
    }

    /** Applies {@code change} unless an event of this version changed the message already; the message as it is now. */
    Optional<FeedMessage> change(FeedBatch batch, String conversationId, long seq, long version,
            UnaryOperator<FeedMessage> change) {
        return batch.find(MESSAGES, FeedMessage.key(conversationId, seq), FeedMessage.class)
                .map(message -> {
                    if (message.version() >= version) {
                        return message;
                    }
                    FeedMessage changed = change.apply(message);
                    batch.replace(MESSAGES, changed.key(), changed);
                    return changed;
                });
    }

    /** A member added at {@code lastSeq} has nothing before it to be delivered or read. */
    void joined(FeedBatch batch, String conversationId, String userId, long lastSeq, long version) {
        FeedReceipts receipts = receipts(batch, conversationId);
        if (receipts.of(userId).map(marker -> marker.version() < version).orElse(true)) {
            batch.replace(RECEIPTS, conversationId,
                    receipts.with(new Marker(userId, lastSeq, lastSeq, lastSeq, lastSeq, version)));
        }
    }

    /**
     * Moves the user's markers to {@code seq} (the read marker too when {@code read}) and answers the messages of
     * others, not deleted, that this move newly covered: the newest {@value #MAX_DELIVERED_PUSHES} of them, oldest
     * first. A repeat of the same event (same version) answers the same messages.
     */
    List<FeedMessage> cover(FeedBatch batch, String conversationId, String userId, long seq, boolean read,
            long version) {
        FeedReceipts receipts = receipts(batch, conversationId);
        Marker before = receipts.of(userId).orElse(new Marker(userId, 0, 0, 0, 0, 0));
        Marker after = before;
        if (before.version() < version) {
            after = new Marker(userId, before.visibleAfter(), read ? Math.max(before.read(), seq) : before.read(),
                    Math.max(before.covered(), seq), before.covered(), version);
            batch.replace(RECEIPTS, conversationId, receipts.with(after));
        }
        if (after.covered() <= after.coveredBefore()) {
            return List.of();
        }
        long from = Math.max(after.coveredBefore() + 1, after.covered() - MAX_DELIVERED_PUSHES + 1);
        List<String> keys = LongStream.rangeClosed(from, after.covered())
                .mapToObj(covered -> FeedMessage.key(conversationId, covered)).toList();
        return batch.findAll(MESSAGES, keys, FeedMessage.class).stream()
                .filter(message -> !message.deleted() && !message.sender().equals(userId))
                .sorted(Comparator.comparingLong(FeedMessage::seq))
                .toList();
    }

    /** The message as every member sees it now: reactions, readers and deliveries among {@code participants}. */
    MessageView view(FeedBatch batch, FeedMessage message, List<String> participants) {
        FeedReceipts receipts = receipts(batch, message.conversationId());
        List<String> readBy = participants.stream()
                .filter(userId -> !userId.equals(message.sender()))
                .filter(userId -> receipts.of(userId).map(marker -> marker.read() >= message.seq()).orElse(false))
                .toList();
        List<String> deliveredTo = participants.stream()
                .filter(userId -> !userId.equals(message.sender()))
                .filter(userId -> receipts.of(userId).map(marker -> marker.covered() >= message.seq()).orElse(false))
                .toList();
        return view(batch, message, readBy, deliveredTo, receipts, participants);
    }

    /** A message just sent: nobody has read it or had it delivered yet. */
    MessageView fresh(FeedBatch batch, FeedMessage message, List<String> participants) {
        return view(batch, message, List.of(), List.of(),
                message.replyTo() == null ? null : receipts(batch, message.conversationId()), participants);
    }

    /**
     * The reply's preview is one payload for every recipient: when one of them joined after the message replied to
     * was sent, it leaves the content out for all (as their history does for them; the others have the message).
     */
    private MessageView view(FeedBatch batch, FeedMessage message, List<String> readBy, List<String> deliveredTo,
            FeedReceipts receipts, List<String> participants) {
        ReplyPreview reply = null;
        if (message.replyTo() != null) {
            boolean someoneJoinedLater = participants.stream().anyMatch(userId -> receipts.of(userId)
                    .map(marker -> marker.visibleAfter() >= message.replyToSeq()).orElse(false));
            reply = batch.find(MESSAGES, FeedMessage.key(message.conversationId(), message.replyToSeq()),
                            FeedMessage.class)
                    .map(original -> new ReplyPreview(original.messageId(), original.sender(),
                            original.deleted() || someoneJoinedLater
                                    ? ""
                                    : Text.truncate(original.content(), ReplyPreview.PREVIEW_LENGTH),
                            original.deleted()))
                    .orElse(new ReplyPreview(message.replyTo(), null, "", false));
        }
        return new MessageView(message.messageId(), message.conversationId(), message.sender(), message.content(),
                message.attachments(), readBy, message.seq(), message.clientMessageId(), message.deleted(),
                message.deletedAt(), message.createdAt(), message.updatedAt(), message.edited(), message.editedAt(),
                message.reactions().stream().map(reaction -> ReactionView.of(reaction.emoji(), reaction.users()))
                        .toList(),
                reply, deliveredTo);
    }

    private static FeedReceipts receipts(FeedBatch batch, String conversationId) {
        return batch.find(RECEIPTS, conversationId, FeedReceipts.class)
                .orElse(new FeedReceipts(conversationId, List.of()));
    }
}
