package io.parley.command.message;

import io.parley.command.attachment.AttachmentStore;
import io.parley.command.conversation.MessageReceipt;
import io.parley.kernel.Ids;
import io.parley.kernel.api.ConversationViews;
import io.parley.kernel.api.DeletionView;
import io.parley.kernel.api.MessageLocation;
import io.parley.kernel.api.MessageView;
import io.parley.kernel.api.MessageViews;
import io.parley.kernel.api.ReadReceiptView;
import io.parley.kernel.auth.Caller;
import io.parley.kernel.error.ParleyException;
import io.parley.kernel.message.DeleteMessageCommand;
import io.parley.kernel.message.MarkReadCommand;
import io.parley.kernel.message.SendMessageCommand;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The message commands of API.md. A message is named by its id; the read side says where it lives (conversation,
 * seq, sender), and the conversation aggregate decides. Each answer waits for the read model, so the sender's next
 * GET shows what the command returned.
 */
@RestController
@RequestMapping("/api/message")
class MessageCommandController {

    record SendMessageRequest(String conversationId, String content, List<String> attachments, String clientMessageId) {
    }

    private static final int MAX_CLIENT_MESSAGE_ID_LENGTH = 200;

    private final CommandGateway commands;
    private final MessageViews messages;
    private final ConversationViews conversations;
    private final AttachmentStore attachments;
    private final Duration readModelWait;

    MessageCommandController(
            CommandGateway commands,
            MessageViews messages,
            ConversationViews conversations,
            AttachmentStore attachments,
            @Value("${parley.read-your-writes-timeout:5s}") Duration readModelWait) {
        this.commands = commands;
        this.messages = messages;
        this.conversations = conversations;
        this.attachments = attachments;
        this.readModelWait = readModelWait;
    }

    /** 201 with the new message; 200 with the first one when {@code clientMessageId} was sent before. */
    @PostMapping
    ResponseEntity<MessageView> send(Caller caller, @RequestBody SendMessageRequest request) {
        if (!Ids.isValid(request.conversationId())) {
            throw ParleyException.validation("conversationId must be a 24-character hex id");
        }
        List<String> attachmentIds = request.attachments() == null ? List.of() : request.attachments();
        if (attachmentIds.stream().anyMatch(Objects::isNull)) {
            throw ParleyException.validation("attachments must hold attachment ids");
        }
        String clientMessageId = request.clientMessageId();
        if (clientMessageId != null
                && (clientMessageId.isEmpty() || clientMessageId.length() > MAX_CLIENT_MESSAGE_ID_LENGTH)) {
            throw ParleyException.validation(
                    "clientMessageId must be 1-" + MAX_CLIENT_MESSAGE_ID_LENGTH + " characters");
        }
        if (clientMessageId != null) {
            Optional<MessageView> earlier =
                    messages.findByClientMessageId(request.conversationId(), caller.userId(), clientMessageId);
            if (earlier.isPresent()) {
                return ResponseEntity.ok(earlier.get());
            }
        }
        attachments.requireUploadedBy(attachmentIds, caller.userId());
        String messageId = Ids.newId();
        MessageReceipt receipt = send(new SendMessageCommand(request.conversationId(), messageId, caller.userId(),
                request.content(), attachmentIds, clientMessageId));
        MessageView view = messages
                .awaitMessage(request.conversationId(), receipt.seq(), receipt.version(), readModelWait)
                .orElseGet(() -> new MessageView(receipt.messageId(), request.conversationId(), caller.userId(),
                        request.content() == null ? "" : request.content().trim(), attachmentIds, List.of(),
                        receipt.seq(), clientMessageId, false, null, receipt.at(), receipt.at()));
        return ResponseEntity.status(receipt.changed() ? HttpStatus.CREATED : HttpStatus.OK).body(view);
    }

    /** Marks the message and every earlier one read; a marker already past it stays (idempotent). */
    @PutMapping("/read/{messageId}")
    ReadReceiptView markRead(Caller caller, @PathVariable String messageId) {
        MessageLocation message = locate(messageId);
        MessageReceipt receipt = send(
                new MarkReadCommand(message.conversationId(), messageId, message.seq(), caller.userId()));
        conversations.awaitVersion(message.conversationId(), caller.userId(), receipt.version(), readModelWait);
        return new ReadReceiptView(messageId, message.conversationId(), caller.userId(), receipt.at());
    }

    /** The sender only; the message keeps its place in history as a tombstone. Repeats answer the same. */
    @DeleteMapping("/{messageId}")
    DeletionView delete(Caller caller, @PathVariable String messageId) {
        MessageLocation message = locate(messageId);
        MessageReceipt receipt = send(new DeleteMessageCommand(message.conversationId(), messageId, message.seq(),
                message.sender(), caller.userId(), message.deletedAt()));
        conversations.awaitVersion(message.conversationId(), caller.userId(), receipt.version(), readModelWait);
        return DeletionView.of(messageId, receipt.at());
    }

    private MessageLocation locate(String messageId) {
        return (Ids.isValid(messageId) ? messages.locate(messageId) : Optional.<MessageLocation>empty())
                .orElseThrow(() -> ParleyException.notFound("message not found"));
    }

    private MessageReceipt send(Object command) {
        try {
            return commands.sendAndWait(command);
        } catch (AggregateNotFoundException unknownConversation) {
            throw ParleyException.notFound("conversation not found");
        }
    }
}
