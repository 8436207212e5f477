package io.parley.command.message;

import io.parley.kernel.api.DeletionView;
import io.parley.kernel.api.EditMessageRequest;
import io.parley.kernel.api.ReactionsView;
import io.parley.kernel.api.MessageCommands;
import io.parley.kernel.api.MessageView;
import io.parley.kernel.api.ReadReceiptView;
import io.parley.kernel.api.SendMessageRequest;
import io.parley.kernel.auth.Caller;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The message commands of API.md over REST; the same {@link MessageCommands} serves the sockets. */
@RestController
@RequestMapping("/api/message")
class MessageCommandController {

    private final MessageCommands messages;

    MessageCommandController(MessageCommands messages) {
        this.messages = messages;
    }

    /** 201 with the new message; 200 with the first one when {@code clientMessageId} was sent before. */
    @PostMapping
    ResponseEntity<MessageView> send(Caller caller, @RequestBody SendMessageRequest request) {
        MessageCommands.Sent sent = messages.send(caller, null, request);
        return ResponseEntity.status(sent.created() ? HttpStatus.CREATED : HttpStatus.OK).body(sent.message());
    }

    /** Marks the message and every earlier one read; a marker already past it stays (idempotent). */
    @PutMapping("/read/{messageId}")
    ReadReceiptView markRead(Caller caller, @PathVariable String messageId) {
        return messages.markRead(caller, null, messageId);
    }

    /** The sender only, not on a deleted message; the message as it is now. */
    @PatchMapping("/{messageId}")
    MessageView edit(Caller caller, @PathVariable String messageId, @RequestBody EditMessageRequest request) {
        return messages.edit(caller, null, messageId, request.content());
    }

    /** Adds the caller's reaction; a reaction they have already changes nothing. */
    @PutMapping("/{messageId}/reactions/{emoji}")
    ReactionsView react(Caller caller, @PathVariable String messageId, @PathVariable String emoji) {
        return messages.react(caller, null, messageId, emoji, true);
    }

    /** Takes back the caller's reaction; one they do not have changes nothing. */
    @DeleteMapping("/{messageId}/reactions/{emoji}")
    ReactionsView unreact(Caller caller, @PathVariable String messageId, @PathVariable String emoji) {
        return messages.react(caller, null, messageId, emoji, false);
    }

    /** The sender only; the message keeps its place in history as a tombstone. Repeats answer the same. */
    @DeleteMapping("/{messageId}")
    DeletionView delete(Caller caller, @PathVariable String messageId) {
        return messages.delete(caller, null, messageId);
    }
}
