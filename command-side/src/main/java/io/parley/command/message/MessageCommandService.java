package io.parley.command.message;

import io.parley.command.attachment.AttachmentStore;
import io.parley.command.conversation.MessageReceipt;
import io.parley.kernel.Ids;
import io.parley.kernel.Metadata;
import io.parley.kernel.Text;
import io.parley.kernel.api.AnsweredWrites;
import io.parley.kernel.api.ConversationViews;
import io.parley.kernel.api.DeletionView;
import io.parley.kernel.api.MessageCommands;
import io.parley.kernel.api.MessageLocation;
import io.parley.kernel.api.MessageView;
import io.parley.kernel.api.MessageViews;
import io.parley.kernel.api.ReactionFacts;
import io.parley.kernel.api.ReactionView;
import io.parley.kernel.api.ReactionsView;
import io.parley.kernel.api.ReadReceiptView;
import io.parley.kernel.api.SendMessageRequest;
import io.parley.kernel.auth.Caller;
import io.parley.kernel.error.ParleyException;
import io.parley.kernel.message.AddReactionCommand;
import io.parley.kernel.message.DeleteMessageCommand;
import io.parley.kernel.message.EditMessageCommand;
import io.parley.kernel.message.MarkDeliveredCommand;
import io.parley.kernel.message.RemoveReactionCommand;
import io.parley.kernel.message.MarkReadCommand;
import io.parley.kernel.message.SendMessageCommand;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import java.util.concurrent.locks.LockSupport;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

/**
 * The message commands for REST and sockets alike. A message is named by its id; the read side says where it lives
 * (conversation, seq, sender), and the conversation aggregate decides. What an answer returns, the sender's next
 * read shows: a new message is answered once its event is durable, and the read side and the feed, told of it
 * ({@link AnsweredWrites}), make the reads and replays after it wait for it; where they are other services (no such
 * port here), and for every other command, the answer itself waits for the read model.
 */
@Service
class MessageCommandService implements MessageCommands {

    private static final int MAX_CLIENT_MESSAGE_ID_LENGTH = 200;

    private final CommandGateway commands;
    private final MessageViews messages;
    private final ConversationViews conversations;
    private final AttachmentStore attachments;
    private final SendRateLimits sendLimits;
    /** The read side's and the feed's, when they run in this JVM; empty where they are other services. */
    private final List<AnsweredWrites> answeredWrites;
    private final Duration readModelWait;
    private final Duration messageLookupWait;

    MessageCommandService(
            CommandGateway commands,
            MessageViews messages,
            ConversationViews conversations,
            AttachmentStore attachments,
            SendRateLimits sendLimits,
            ObjectProvider<AnsweredWrites> answeredWrites,
            @Value("${parley.sends.answer-when-durable:true}") boolean answerWhenDurable,
            @Value("${parley.read-your-writes-timeout:5s}") Duration readModelWait,
            @Value("${parley.message-lookup-wait:5s}") Duration messageLookupWait) {
        this.commands = commands;
        this.messages = messages;
        this.conversations = conversations;
        this.attachments = attachments;
        this.sendLimits = sendLimits;
        this.answeredWrites = answerWhenDurable ? answeredWrites.orderedStream().toList() : List.of();
        this.readModelWait = readModelWait;
        this.messageLookupWait = messageLookupWait;
    }

    @Override
    public Sent send(Caller caller, String connectionId, SendMessageRequest request) {
        return store(caller, connectionId, request).get();
    }

    @Override
    public CompletionStage<Sent> sendThenAwait(Caller caller, String connectionId, SendMessageRequest request,
            Executor waits) {
        return CompletableFuture.supplyAsync(store(caller, connectionId, request), waits);
    }

    /**
     * Stores the message (or finds the one a retry with the same {@code clientMessageId} stored before). A new message
     * replying to none is answered as the read model will show it (nobody has read it, reacted to it or edited it
     * yet); otherwise, or where no {@link AnsweredWrites} is at hand, the answer, once asked for, waits for the read
     * model to have it.
     */
    private Supplier<Sent> store(Caller caller, String connectionId, SendMessageRequest request) {
        sendLimits.acquire(caller.userId());
        if (!Ids.isValid(request.conversationId())) {
            throw ParleyException.validation("conversationId must be a 24-character hex id");
        }
        List<String> attachmentIds = request.attachments() == null ? List.of() : request.attachments();
        if (attachmentIds.stream().anyMatch(Objects::isNull)) {
            throw ParleyException.validation("attachments must hold attachment ids");
        }
        String clientMessageId = request.clientMessageId();
        if (clientMessageId != null
                && (clientMessageId.isEmpty() || Text.length(clientMessageId) > MAX_CLIENT_MESSAGE_ID_LENGTH)) {
            throw ParleyException.validation(
                    "clientMessageId must be 1-" + MAX_CLIENT_MESSAGE_ID_LENGTH + " characters");
        }
        if (clientMessageId != null) {
            Optional<MessageView> earlier =
                    messages.findByClientMessageId(request.conversationId(), caller.userId(), clientMessageId);
            if (earlier.isPresent()) {
                return () -> new Sent(earlier.get(), false);
            }
        }
        attachments.requireUploadedBy(attachmentIds, caller.userId());
        String replyTo = request.replyTo();
        if (replyTo != null && !Ids.isValid(replyTo)) {
            throw ParleyException.validation("replyTo must be the id of a message of this conversation");
        }
        // the conversation judges whether the sender may see it; a message not found is no message (0, null)
        Optional<MessageLocation> repliedTo = replyTo == null ? Optional.empty() : find(replyTo);
        MessageReceipt receipt = send(new SendMessageCommand(request.conversationId(), Ids.newId(), caller.userId(),
                request.content(), attachmentIds, clientMessageId, replyTo,
                repliedTo.map(MessageLocation::conversationId).orElse(null),
                repliedTo.map(MessageLocation::seq).orElse(0L)), connectionId);
        MessageView asSent = new MessageView(receipt.messageId(), request.conversationId(), caller.userId(),
                Text.content(request.content()), attachmentIds, List.of(), receipt.seq(), clientMessageId, false, null,
                receipt.at(), receipt.at());
        if (!answeredWrites.isEmpty() && receipt.changed() && replyTo == null) {
            answeredWrites.forEach(answered -> answered.answered(request.conversationId(), receipt.version()));
            Sent sent = new Sent(asSent, true);
            return () -> sent;
        }
        return () -> new Sent(messages
                .awaitMessage(request.conversationId(), receipt.messageId(), receipt.seq(), receipt.version(),
                        readModelWait)
                .orElse(asSent), receipt.changed());
    }

    @Override
    public ReadReceiptView markRead(Caller caller, String connectionId, String messageId) {
        MessageLocation message = locate(messageId);
        MessageReceipt receipt = send(
                new MarkReadCommand(message.conversationId(), messageId, message.seq(), caller.userId()), connectionId);
        conversations.awaitApplied(message.conversationId(), receipt.version(), readModelWait);
        return new ReadReceiptView(messageId, message.conversationId(), caller.userId(), receipt.at());
    }

    @Override
    public DeletionView delete(Caller caller, String connectionId, String messageId) {
        MessageLocation message = locate(messageId);
        MessageReceipt receipt = send(new DeleteMessageCommand(message.conversationId(), messageId, message.seq(),
                message.sender(), caller.userId()), connectionId);
        conversations.awaitApplied(message.conversationId(), receipt.version(), readModelWait);
        return DeletionView.of(messageId, receipt.at());
    }

    @Override
    public MessageView edit(Caller caller, String connectionId, String messageId, String content) {
        MessageLocation message = locate(messageId);
        MessageReceipt receipt = send(new EditMessageCommand(message.conversationId(), messageId, message.seq(),
                message.sender(), caller.userId(), content), connectionId);
        return messages
                .awaitMessage(message.conversationId(), messageId, message.seq(), receipt.version(), readModelWait)
                .orElseGet(() -> new MessageView(messageId, message.conversationId(), message.sender(),
                        Text.trim(content), List.of(), List.of(), message.seq(), null, false, null, null,
                        receipt.at(), true, receipt.at(), List.of(), null, List.of()));
    }

    /**
     * The read model's copy of the message's reactions goes with the command, with the version it reflects; the
     * conversation brings it up to date (see {@code ConversationAggregate}).
     */
    @Override
    public ReactionsView react(Caller caller, String connectionId, String messageId, String emoji, boolean on) {
        MessageLocation message = locate(messageId);
        ReactionFacts known = messages.reactions(message.conversationId(), message.seq())
                .orElseThrow(() -> ParleyException.notFound("message not found"));
        MessageReceipt receipt = send(on
                ? new AddReactionCommand(message.conversationId(), messageId, message.seq(), caller.userId(), emoji,
                        known.reactions(), known.version())
                : new RemoveReactionCommand(message.conversationId(), messageId, message.seq(), caller.userId(),
                        emoji, known.reactions(), known.version()), connectionId);
        List<ReactionView> reactions = messages
                .awaitMessage(message.conversationId(), messageId, message.seq(), receipt.version(), readModelWait)
                .map(MessageView::reactions)
                .orElseGet(() -> known.reactions().entrySet().stream()
                        .map(entry -> ReactionView.of(entry.getKey(), entry.getValue()))
                        .toList());
        return new ReactionsView(messageId, message.conversationId(), reactions);
    }

    @Override
    public MessageLocation markDelivered(Caller caller, String connectionId, String messageId) {
        MessageLocation message = locate(messageId);
        MessageReceipt receipt = send(
                new MarkDeliveredCommand(message.conversationId(), messageId, message.seq(), caller.userId()),
                connectionId);
        conversations.awaitApplied(message.conversationId(), receipt.version(), readModelWait);
        return message;
    }

    private MessageLocation locate(String messageId) {
        if (!Ids.isValid(messageId)) {
            throw ParleyException.notFound("message not found");
        }
        return find(messageId).orElseThrow(() -> ParleyException.notFound("message not found"));
    }

    /**
     * Where the message lives. A client may act on a message the moment the push side delivered it, before the read
     * model (another consumer of the same stream) has it, so an id not found yet is looked up again for a moment.
     */
    private Optional<MessageLocation> find(String messageId) {
        long deadline = System.nanoTime() + messageLookupWait.toNanos();
        long pauseMillis = 2;
        while (true) {
            Optional<MessageLocation> found = messages.locate(messageId);
            if (found.isPresent()) {
                return found;
            }
            if (System.nanoTime() >= deadline) {
                return Optional.empty();
            }
            LockSupport.parkNanos(Duration.ofMillis(pauseMillis).toNanos());
            pauseMillis = Math.min(pauseMillis * 2, 50);
        }
    }

    private MessageReceipt send(Object command, String connectionId) {
        var message = GenericCommandMessage.asCommandMessage(command);
        try {
            return commands.sendAndWait(connectionId == null
                    ? message
                    : message.andMetaData(Map.of(Metadata.CONNECTION_ID, connectionId)));
        } catch (AggregateNotFoundException unknownConversation) {
            throw ParleyException.notFound("conversation not found");
        }
    }
}
