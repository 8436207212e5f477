package io.parley.command.history;

import io.parley.kernel.conversation.ConversationEvent;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.axonframework.eventhandling.EventMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the index close behind the store, so a question about a long conversation finds almost all of it indexed
 * already. It hears which conversations this node appended to (once the store holds the events) and, a moment
 * later on a thread of its own, catches each of them up from the store: many appends to one conversation make one
 * catch-up, and the commands never wait for it. It only ever reads the store, so whatever it misses (a crash, a
 * write on another node) is caught up by the next catch-up of that conversation, here or at a query.
 */
final class HistoryWarmer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HistoryWarmer.class);

    private final HistoryIndex index;
    private final long delayMillis;
    private final Set<String> pending = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "parley-history-index");
        thread.setDaemon(true);
        thread.setPriority(Thread.MIN_PRIORITY);
        return thread;
    });

    HistoryWarmer(HistoryIndex index, long delayMillis) {
        this.index = index;
        this.delayMillis = delayMillis;
    }

    /** Called with each list of events the store has appended. */
    void appended(List<? extends EventMessage<?>> events) {
        for (EventMessage<?> event : events) {
            if (event.getPayload() instanceof ConversationEvent conversationEvent) {
                pending.add(conversationEvent.conversationId());
            }
        }
        if (!pending.isEmpty() && scheduled.compareAndSet(false, true)) {
            worker.schedule(this::drain, delayMillis, TimeUnit.MILLISECONDS);
        }
    }

    private void drain() {
        scheduled.set(false);
        for (String conversationId : List.copyOf(pending)) {
            pending.remove(conversationId);
            try {
                index.catchUp(conversationId, Long.MAX_VALUE);
            } catch (RuntimeException e) {
                // the next append or query catches up from where the index stopped
                log.warn("history index of conversation {} not caught up: {}", conversationId, e.toString());
            }
        }
        if (!pending.isEmpty() && scheduled.compareAndSet(false, true)) {
            worker.schedule(this::drain, delayMillis, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
