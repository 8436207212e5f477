package io.parley.push.remote;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.kernel.api.DeletionView;
import io.parley.kernel.api.MessageCommands;
import io.parley.kernel.api.MessageCommands.Edit;
import io.parley.kernel.api.MessageCommands.Reaction;
import io.parley.kernel.api.MessageLocation;
import io.parley.kernel.api.MessageView;
import io.parley.kernel.api.ReactionsView;
import io.parley.kernel.api.ReadReceiptView;
import io.parley.kernel.api.SendMessageRequest;
import io.parley.kernel.auth.Caller;
import io.parley.support.internal.InternalClient;
import io.parley.support.internal.RemoteCommand;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * The message commands as the realtime service reaches them when it runs on its own
 * ({@code parley.command-side.url} set): over the command side's internal routes. In the standalone the command
 * side's own {@link MessageCommands} serves the sockets in-process.
 */
@Component
@ConditionalOnProperty("parley.command-side.url")
class RemoteCommandSide implements MessageCommands {

    /** A command answers once the read model shows it (up to 5 s there), and the network on top. */
    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    private final InternalClient client;

    RemoteCommandSide(@Value("${parley.command-side.url}") String url,
            @Value("${parley.internal.secret:}") String secret, ObjectMapper json) {
        this.client = new InternalClient(url, secret, json);
    }

    @Override
    public Sent send(Caller caller, String connectionId, SendMessageRequest request) {
        return client.post("internal/messages/send", new RemoteCommand<>(caller, connectionId, request), Sent.class,
                TIMEOUT);
    }

    @Override
    public ReadReceiptView markRead(Caller caller, String connectionId, String messageId) {
        return client.post("internal/messages/read", new RemoteCommand<>(caller, connectionId, messageId),
                ReadReceiptView.class, TIMEOUT);
    }

    @Override
    public DeletionView delete(Caller caller, String connectionId, String messageId) {
        return client.post("internal/messages/delete", new RemoteCommand<>(caller, connectionId, messageId),
                DeletionView.class, TIMEOUT);
    }

    @Override
    public MessageView edit(Caller caller, String connectionId, String messageId, String content) {
        return client.post("internal/messages/edit",
                new RemoteCommand<>(caller, connectionId, new Edit(messageId, content)), MessageView.class, TIMEOUT);
    }

    @Override
    public ReactionsView react(Caller caller, String connectionId, String messageId, String emoji, boolean on) {
        return client.post("internal/messages/react",
                new RemoteCommand<>(caller, connectionId, new Reaction(messageId, emoji, on)), ReactionsView.class,
                TIMEOUT);
    }

    @Override
    public MessageLocation markDelivered(Caller caller, String connectionId, String messageId) {
        return client.post("internal/messages/delivered", new RemoteCommand<>(caller, connectionId, messageId),
                MessageLocation.class, TIMEOUT);
    }
}
