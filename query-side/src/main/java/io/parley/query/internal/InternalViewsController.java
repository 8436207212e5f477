package io.parley.query.internal;

import io.parley.kernel.api.ConversationView;
import io.parley.kernel.api.ConversationViews;
import io.parley.kernel.api.MessageLocation;
import io.parley.kernel.api.MessageView;
import io.parley.kernel.api.MessageViews;
import io.parley.kernel.api.ReactionFacts;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The read side's answers to the command side when the two run as separate services: the same
 * {@link ConversationViews} and {@link MessageViews} the standalone calls in-process. 204 means "none" (not reached
 * in time, or no such message). Behind the shared secret ({@code io.parley.support.internal}).
 */
@RestController
@RequestMapping("/internal/views")
class InternalViewsController {

    private final ConversationViews conversations;
    private final MessageViews messages;

    InternalViewsController(ConversationViews conversations, MessageViews messages) {
        this.conversations = conversations;
        this.messages = messages;
    }

    @GetMapping("/conversations/{conversationId}")
    ResponseEntity<ConversationView> conversation(@PathVariable String conversationId, @RequestParam String viewer,
            @RequestParam long version, @RequestParam long waitMs) {
        return found(conversations.awaitVersion(conversationId, viewer, version, Duration.ofMillis(waitMs)));
    }

    @GetMapping("/conversations/{conversationId}/applied")
    Map<String, Boolean> applied(@PathVariable String conversationId, @RequestParam long version,
            @RequestParam long waitMs) {
        return Map.of("applied", conversations.awaitApplied(conversationId, version, Duration.ofMillis(waitMs)));
    }

    @GetMapping("/conversations/{conversationId}/messages/{seq}")
    ResponseEntity<MessageView> message(@PathVariable String conversationId, @PathVariable long seq,
            @RequestParam String messageId, @RequestParam long version, @RequestParam long waitMs) {
        return found(messages.awaitMessage(conversationId, messageId, seq, version, Duration.ofMillis(waitMs)));
    }

    @GetMapping("/conversations/{conversationId}/retries")
    ResponseEntity<MessageView> retry(@PathVariable String conversationId, @RequestParam String sender,
            @RequestParam String clientMessageId) {
        return found(messages.findByClientMessageId(conversationId, sender, clientMessageId));
    }

    @GetMapping("/conversations/{conversationId}/messages/{seq}/reactions")
    ResponseEntity<ReactionFacts> reactions(@PathVariable String conversationId, @PathVariable long seq) {
        return found(messages.reactions(conversationId, seq));
    }

    @GetMapping("/messages/{messageId}")
    ResponseEntity<MessageLocation> location(@PathVariable String messageId) {
        return found(messages.locate(messageId));
    }

    private static <T> ResponseEntity<T> found(Optional<T> answer) {
        return answer.map(ResponseEntity::ok).orElseGet(() -> ResponseEntity.noContent().build());
    }
}
