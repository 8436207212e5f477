package io.parley.push.typing;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.kernel.Ids;
import io.parley.kernel.error.ErrorCode;
import io.parley.kernel.error.ParleyException;
import io.parley.push.feed.Memberships;
import io.parley.push.feed.Memberships.Membership;
import io.parley.push.socket.ClientEvents;
import io.parley.push.socket.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The {@code typing} client event. A member's {@code isTyping: true} goes to the other members and holds for
 * {@code parley.realtime.typing-timeout} (5 s); without a refresh by then, or when the typist's connection closes,
 * they hear {@code isTyping: false}, once: the typist's own {@code isTyping: false} after that is not relayed again.
 */
@Component
class TypingRelay {

    private record Typing(String connectionId, String conversationId) {
    }

    private record Expiry(ScheduledFuture<?> timer, TypingSignal stop) {
    }

    private final TypingTopic topic;
    private final Memberships memberships;
    private final Duration timeout;
    private final Map<Typing, Expiry> typing = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "parley-typing-timers");
        thread.setDaemon(true);
        return thread;
    });

    TypingRelay(
            ClientEvents events,
            TypingTopic topic,
            Memberships memberships,
            @Value("${parley.realtime.typing-timeout:5s}") Duration timeout) {
        this.topic = topic;
        this.memberships = memberships;
        this.timeout = timeout;
        events.on("typing", this::typing);
        events.onDisconnect(this::stopAll);
    }

    private Object typing(Connection connection, JsonNode payload) {
        JsonNode conversationId = payload == null ? null : payload.get("conversationId");
        JsonNode isTyping = payload == null ? null : payload.get("isTyping");
        if (conversationId == null || !conversationId.isTextual() || isTyping == null || !isTyping.isBoolean()) {
            throw ParleyException.validation("typing needs conversationId (a string) and isTyping (a boolean)");
        }
        Membership membership = (Ids.isValid(conversationId.asText())
                ? memberships.of(conversationId.asText())
                : Optional.<Membership>empty())
                .filter(found -> found.participants().contains(connection.userId()))
                .orElseThrow(() -> ParleyException.notFound("conversation not found"));
        if (membership.deleted()) {
            throw new ParleyException(ErrorCode.CONVERSATION_DELETED, "the conversation was deleted");
        }
        List<String> others = membership.participants().stream()
                .filter(userId -> !userId.equals(connection.userId()))
                .toList();
        Typing key = new Typing(connection.id(), conversationId.asText());
        TypingSignal signal = new TypingSignal(key.conversationId(), connection.userId(), isTyping.asBoolean(), others);
        Expiry previous;
        if (isTyping.asBoolean()) {
            CompletableFuture<Expiry> self = new CompletableFuture<>();
            Expiry expiry = new Expiry(
                    timers.schedule(() -> expire(key, self.join()), timeout.toMillis(), TimeUnit.MILLISECONDS),
                    new TypingSignal(key.conversationId(), connection.userId(), false, others));
            self.complete(expiry);
            previous = typing.put(key, expiry);
        } else {
            previous = typing.remove(key);
        }
        if (previous != null) {
            previous.timer().cancel(false);
        }
        // one isTyping: false per stop: after the expiry (or a disconnect) already said it, a late one says nothing
        if (isTyping.asBoolean() || previous != null) {
            topic.publish(signal);
        }
        return null;
    }

    /** Only this very expiry: a refresh that replaced it a moment ago keeps the indicator on. */
    private void expire(Typing key, Expiry expiry) {
        if (typing.remove(key, expiry)) {
            topic.publish(expiry.stop());
        }
    }

    private void stopAll(Connection connection) {
        typing.keySet().stream()
                .filter(key -> key.connectionId().equals(connection.id()))
                .forEach(key -> {
                    Expiry stopped = typing.remove(key);
                    if (stopped != null) {
                        stopped.timer().cancel(false);
                        topic.publish(stopped.stop());
                    }
                });
    }
}
