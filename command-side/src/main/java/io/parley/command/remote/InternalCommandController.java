package io.parley.command.remote;

import io.parley.kernel.api.DeletionView;
import io.parley.kernel.api.MessageCommands;
import io.parley.kernel.api.MessageLocation;
import io.parley.kernel.api.MessageView;
import io.parley.kernel.api.ReactionsView;
import io.parley.kernel.api.ReadReceiptView;
import io.parley.kernel.api.SendMessageRequest;
import io.parley.support.internal.RemoteCommand;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The message commands for the realtime service when it runs on its own: the same {@link MessageCommands} as the
 * REST routes, for a caller the realtime service verified and a connection it holds. Behind the shared secret
 * ({@code io.parley.support.internal}); refusals travel back in the error format.
 */
@RestController
@RequestMapping("/internal/messages")
class InternalCommandController {

    private final MessageCommands messages;

    InternalCommandController(MessageCommands messages) {
        this.messages = messages;
    }

    @PostMapping("/send")
    MessageCommands.Sent send(@RequestBody RemoteCommand<SendMessageRequest> command) {
        return messages.send(command.caller(), command.connectionId(), command.input());
    }

    @PostMapping("/read")
    ReadReceiptView markRead(@RequestBody RemoteCommand<String> command) {
        return messages.markRead(command.caller(), command.connectionId(), command.input());
    }

    @PostMapping("/delete")
    DeletionView delete(@RequestBody RemoteCommand<String> command) {
        return messages.delete(command.caller(), command.connectionId(), command.input());
    }

    @PostMapping("/edit")
    MessageView edit(@RequestBody RemoteCommand<MessageCommands.Edit> command) {
        return messages.edit(command.caller(), command.connectionId(), command.input().messageId(),
                command.input().content());
    }

    @PostMapping("/react")
    ReactionsView react(@RequestBody RemoteCommand<MessageCommands.Reaction> command) {
        MessageCommands.Reaction reaction = command.input();
        return messages.react(command.caller(), command.connectionId(), reaction.messageId(), reaction.emoji(),
                reaction.on());
    }

    @PostMapping("/delivered")
    MessageLocation markDelivered(@RequestBody RemoteCommand<String> command) {
        return messages.markDelivered(command.caller(), command.connectionId(), command.input());
    }
}
