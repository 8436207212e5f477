package io.parley.command.history;

import io.parley.kernel.conversation.ConversationEvent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the index close behind the store, so a question about a long conversation finds almost all of it indexed.
 * It hears the events this node appends, once the store has accepted them (the event store tells its subscribers
 * after the append returned; on the embedded store an append returns once committed), and indexes them a moment
 * later on a thread of its own, without reading them back: reads of the embedded event store wait for its commit,
 * and under load that would cost a commit per read. Commands never wait for it. Whatever it misses (a restart, a
 * write on another node, more than {@code MAX_QUEUED} events waiting) the index fills from the store at the next
 * run for that conversation, here or at a query, since a run starts from the index's head.
 */
final class HistoryWarmer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HistoryWarmer.class);
    private static final int MAX_QUEUED = 100_000;

    private final HistoryIndex index;
    private final long delayMillis;
    private final ConcurrentLinkedQueue<DomainEventMessage<?>> queued = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    private final Set<String> overflowed = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "parley-history-index");
        thread.setDaemon(true);
        return thread;
    });

    HistoryWarmer(HistoryIndex index, long delayMillis) {
        this.index = index;
        this.delayMillis = delayMillis;
    }

    /** Called with each list of events the store has appended. */
    void appended(List<? extends EventMessage<?>> events) {
        for (EventMessage<?> event : events) {
            if (event instanceof DomainEventMessage<?> domain && event.getPayload() instanceof ConversationEvent c) {
                if (size.incrementAndGet() <= MAX_QUEUED) {
                    queued.add(domain);
                } else {
                    size.decrementAndGet();
                    overflowed.add(c.conversationId());
                }
            }
        }
        schedule();
    }

    private void schedule() {
        if ((!queued.isEmpty() || !overflowed.isEmpty()) && scheduled.compareAndSet(false, true)) {
            worker.schedule(this::drain, delayMillis, TimeUnit.MILLISECONDS);
        }
    }

    private void drain() {
        scheduled.set(false);
        Map<String, List<DomainEventMessage<?>>> byConversation = new LinkedHashMap<>();
        for (DomainEventMessage<?> event; (event = queued.poll()) != null; ) {
            size.decrementAndGet();
            byConversation.computeIfAbsent(event.getAggregateIdentifier(), id -> new ArrayList<>()).add(event);
        }
        byConversation.forEach((conversationId, events) -> {
            events.sort(Comparator.comparingLong(DomainEventMessage::getSequenceNumber));
            run(conversationId, () -> index.appended(conversationId, events));
        });
        for (String conversationId : List.copyOf(overflowed)) {
            overflowed.remove(conversationId);
            run(conversationId, () -> index.catchUp(conversationId, Long.MAX_VALUE));
        }
        schedule();
    }

    private static void run(String conversationId, Runnable indexing) {
        try {
            indexing.run();
        } catch (RuntimeException e) {
            // the next run for this conversation starts from the index's head and fills the gap from the store
            log.warn("history index of conversation {} not updated: {}", conversationId, e.toString());
        }
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
