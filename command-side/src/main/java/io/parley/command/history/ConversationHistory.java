package io.parley.command.history;

import io.parley.kernel.api.MessageView;
import io.parley.kernel.error.ParleyException;
import io.parley.kernel.message.MessageSentEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.axonframework.eventhandling.DomainEventMessage;
import org.bson.Document;

/**
 * A conversation and its messages as they were at an instant, rebuilt from its events up to the last one stored
 * at or before that instant: that event is found by a search over the store's keys, the conversation's state at it
 * from the nearest checkpoint and the few events after it, and each message of a page from its own events (sent,
 * edited, reacted to, deleted) up to it, which the index points to. Nothing comes from today's read model.
 */
final class ConversationHistory {

    private final EventLog log;
    private final HistoryIndex index;

    ConversationHistory(EventLog log, HistoryIndex index) {
        this.log = log;
        this.index = index;
    }

    HistoricalConversation stateAt(String conversationId, Instant at) {
        return momentAt(conversationId, at).view(at);
    }

    /** Newest first: up to {@code limit} messages below {@code before} (exclusive; null for the newest). */
    HistoricalPage messagesAt(String conversationId, Instant at, int limit, Long before) {
        ConversationMoment conversation = momentAt(conversationId, at);
        long top = before == null ? conversation.lastSeq() : Math.min(before - 1, conversation.lastSeq());
        long bottom = Math.max(1, top - limit + 1);
        if (top < bottom) {
            return new HistoricalPage(List.of(), false, at, conversation.eventSequence());
        }
        List<Long> seqs = new ArrayList<>();
        for (long seq = top; seq >= bottom; seq--) {
            seqs.add(seq);
        }
        long cut = conversation.eventSequence();
        Map<Long, Document> pointers = new HashMap<>(index.messages(conversationId, seqs));
        List<Long> replied = pointers.values().stream()
                .map(pointer -> pointer.get("replyToSeq"))
                .filter(Number.class::isInstance)
                .map(seq -> ((Number) seq).longValue())
                .filter(seq -> !pointers.containsKey(seq))
                .distinct()
                .toList();
        if (!replied.isEmpty()) {
            pointers.putAll(index.messages(conversationId, replied));
        }
        Set<Long> wanted = new TreeSet<>();
        pointers.values().forEach(pointer -> eventsOf(pointer, cut).forEach(wanted::add));
        Map<Long, DomainEventMessage<?>> events = log.events(conversationId, wanted);

        Map<Long, MessageMoment> moments = new HashMap<>();
        pointers.forEach((seq, pointer) -> {
            List<Long> own = eventsOf(pointer, cut);
            if (!own.isEmpty() && events.get(own.get(0)) != null
                    && events.get(own.get(0)).getPayload() instanceof MessageSentEvent sent) {
                MessageMoment moment = new MessageMoment(sent);
                own.stream().skip(1).map(events::get).filter(java.util.Objects::nonNull)
                        .forEach(event -> moment.apply(event.getPayload()));
                moments.put(seq, moment);
            }
        });
        List<MessageView> page = new ArrayList<>(seqs.size());
        for (long seq : seqs) {
            MessageMoment moment = moments.get(seq);
            if (moment == null) {
                throw new IllegalStateException("history of conversation " + conversationId
                        + " has no message " + seq + " although its events up to " + cut + " are indexed");
            }
            Object replyTo = pointers.get(seq).get("replyToSeq");
            page.add(moment.view(conversation,
                    replyTo instanceof Number number ? moments.get(number.longValue()) : null));
        }
        return new HistoricalPage(page, bottom > 1, at, cut);
    }

    /** The event that sent the message, then those about it, up to the cut, in order. */
    private static List<Long> eventsOf(Document pointer, long cut) {
        List<Long> numbers = new ArrayList<>();
        Object sent = pointer.get("sent");
        if (!(sent instanceof Number first) || first.longValue() > cut) {
            return numbers;
        }
        numbers.add(first.longValue());
        pointer.getList("changes", Number.class, List.of()).stream()
                .map(Number::longValue)
                .filter(number -> number <= cut)
                .sorted()
                .forEach(numbers::add);
        return numbers;
    }

    private ConversationMoment momentAt(String conversationId, Instant at) {
        long[] bounds = index.bounds(conversationId, at, index.indexedThrough(conversationId));
        long cut = log.lastAtOrBefore(conversationId, at, bounds[0], bounds[1])
                .orElseThrow(() -> ParleyException.notFound("conversation not found"));
        if (cut < 0) {
            throw ParleyException.notFound("the conversation did not exist yet at " + at);
        }
        index.catchUp(conversationId, cut);
        ConversationMoment moment = index.momentAt(conversationId, cut);
        if (!moment.created()) {
            throw ParleyException.notFound("conversation not found");
        }
        return moment;
    }
}
