package io.parley.command.remote;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.kernel.api.ConversationView;
import io.parley.kernel.api.ConversationViews;
import io.parley.kernel.api.MessageLocation;
import io.parley.kernel.api.MessageView;
import io.parley.kernel.api.MessageViews;
import io.parley.kernel.api.ReactionFacts;
import io.parley.support.internal.InternalClient;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * The read side as the command side sees it when it runs as its own service ({@code parley.query-side.url} set):
 * {@link ConversationViews} and {@link MessageViews} over the query side's internal routes. In the standalone the
 * query side's own beans serve the same ports in-process.
 */
@Component
@ConditionalOnProperty("parley.query-side.url")
class RemoteQuerySide implements ConversationViews, MessageViews {

    /** Room for the network on top of the time the read side itself is given to wait. */
    private static final Duration MARGIN = Duration.ofSeconds(5);

    private final InternalClient client;

    RemoteQuerySide(@Value("${parley.query-side.url}") String url,
            @Value("${parley.internal.secret:}") String secret, ObjectMapper json) {
        this.client = new InternalClient(url, secret, json);
    }

    @Override
    public Optional<ConversationView> awaitVersion(
            String conversationId, String viewer, long version, Duration timeout) {
        return client.get("internal/views/conversations/" + encode(conversationId) + "?viewer=" + encode(viewer)
                + "&version=" + version + "&waitMs=" + timeout.toMillis(), ConversationView.class, timeout.plus(MARGIN));
    }

    @Override
    @SuppressWarnings("unchecked")
    public boolean awaitApplied(String conversationId, long version, Duration timeout) {
        return client.get("internal/views/conversations/" + encode(conversationId) + "/applied?version=" + version
                        + "&waitMs=" + timeout.toMillis(), Map.class, timeout.plus(MARGIN))
                .map(answer -> Boolean.TRUE.equals(answer.get("applied"))).orElse(false);
    }

    @Override
    public Optional<MessageLocation> locate(String messageId) {
        return client.get("internal/views/messages/" + encode(messageId), MessageLocation.class, MARGIN);
    }

    @Override
    public Optional<MessageView> findByClientMessageId(String conversationId, String sender, String clientMessageId) {
        return client.get("internal/views/conversations/" + encode(conversationId) + "/retries?sender="
                + encode(sender) + "&clientMessageId=" + encode(clientMessageId), MessageView.class, MARGIN);
    }

    @Override
    public Optional<MessageView> awaitMessage(String conversationId, String messageId, long seq, long version,
            Duration timeout) {
        return client.get("internal/views/conversations/" + encode(conversationId) + "/messages/" + seq
                + "?messageId=" + encode(messageId) + "&version=" + version + "&waitMs=" + timeout.toMillis(), MessageView.class, timeout.plus(MARGIN));
    }

    @Override
    public Optional<ReactionFacts> reactions(String conversationId, long seq) {
        return client.get("internal/views/conversations/" + encode(conversationId) + "/messages/" + seq
                + "/reactions", ReactionFacts.class, MARGIN);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
