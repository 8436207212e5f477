package io.parley.command.admin;

import io.parley.kernel.api.ConsistencyProbe;
import io.parley.kernel.api.ConversationHolding;
import io.parley.kernel.message.MessageSentEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.axonframework.eventhandling.DomainEventMessage;
import org.springframework.stereotype.Component;

/**
 * Compares the event store, the truth, with every read model and feed built from it: for each conversation, the
 * sequence number of its last event, how many messages it has and its last seq. A model behind the store (still
 * catching up) shows as a difference until it has caught up; a model ahead of the store, or holding a conversation
 * or messages the store does not have, never should. The store is read whole, like the export.
 */
@Component
class ConsistencyAudit {

    /** One conversation as the event store has it. */
    private static final class Truth {
        long lastSequence = -1;
        long events;
        long messages;
        long lastSeq;

        void add(DomainEventMessage<?> event) {
            events++;
            lastSequence = Math.max(lastSequence, event.getSequenceNumber());
            if (event.getPayload() instanceof MessageSentEvent sent) {
                messages++;
                lastSeq = Math.max(lastSeq, sent.seq());
            }
        }
    }

    record Difference(String model, String conversationId, String field, long store, long held) {
    }

    /** {@code consistent}: no fault in the store's own streams and no difference in any model. */
    record Report(Instant checkedAt, boolean consistent, long events, int conversations, List<String> models,
            List<String> storeFaults, List<Difference> differences) {
    }

    private final StoredEvents stored;
    private final ConsistencyProbes probes;

    ConsistencyAudit(StoredEvents stored, ConsistencyProbes probes) {
        this.stored = stored;
        this.probes = probes;
    }

    Report run() {
        Instant checkedAt = Instant.now();
        Map<String, Truth> truths = new TreeMap<>();
        List<String> storeFaults = new ArrayList<>();
        long[] events = {0};
        stored.forEach(EventFilter.everything(), event -> {
            events[0]++;
            truths.computeIfAbsent(event.getAggregateIdentifier(), id -> new Truth()).add(event);
        });
        truths.forEach((conversationId, truth) -> {
            if (truth.events != truth.lastSequence + 1) {
                storeFaults.add(conversationId + ": " + truth.events + " events up to sequence " + truth.lastSequence);
            }
            if (truth.messages != truth.lastSeq) {
                storeFaults.add(conversationId + ": " + truth.messages + " messages up to seq " + truth.lastSeq);
            }
        });
        List<String> models = new ArrayList<>();
        List<Difference> differences = new ArrayList<>();
        for (ConsistencyProbe probe : probes.all()) {
            models.add(probe.name());
            compare(probe.name(), truths, probe.holdings(), differences);
        }
        return new Report(checkedAt, storeFaults.isEmpty() && differences.isEmpty(), events[0], truths.size(), models,
                storeFaults, differences);
    }

    private static void compare(String model, Map<String, Truth> truths, List<ConversationHolding> holdings,
            List<Difference> differences) {
        Map<String, ConversationHolding> held = new LinkedHashMap<>();
        Set<String> twice = new HashSet<>();
        for (ConversationHolding holding : holdings) {
            if (held.put(holding.conversationId(), holding) != null) {
                twice.add(holding.conversationId());
            }
        }
        twice.forEach(id -> differences.add(new Difference(model, id, "held twice", 1, 2)));
        truths.forEach((conversationId, truth) -> {
            ConversationHolding holding = held.remove(conversationId);
            if (holding == null) {
                differences.add(new Difference(model, conversationId, "missing", 1, 0));
                return;
            }
            differ(differences, model, conversationId, "version", truth.lastSequence, holding.version());
            differ(differences, model, conversationId, "messages", truth.messages, holding.messages());
            if (holding.lastSeq() >= 0) {
                differ(differences, model, conversationId, "lastSeq", truth.lastSeq, holding.lastSeq());
            }
        });
        held.values().forEach(ghost -> differences.add(
                new Difference(model, ghost.conversationId(), "not in the store", 0, 1)));
    }

    private static void differ(List<Difference> differences, String model, String conversationId, String field,
            long store, long held) {
        if (store != held) {
            differences.add(new Difference(model, conversationId, field, store, held));
        }
    }
}
