package io.parley.standalone;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Makes writes durable in groups: every write takes a ticket before it changes the store and, once applied, waits
 * until a commit covers its ticket. One waiting writer commits for everyone who applied before it started; those
 * who apply during that commit share the next one. So a commit costs one file write however many requests it
 * answers, and nobody is answered before the file holds what they wrote.
 *
 * <p>A reader waits too, for the commit covering every write that had started when its answer was ready: whatever
 * it saw is then on disk, so nothing the store answers (to the Kafka publisher above all) can be lost by a crash
 * after the answer.
 */
final class GroupCommit {

    /** What one commit does: write the store's current version to its file (and, if wanted, force it to disk). */
    interface Committer {
        void commit();
    }

    private final Committer committer;
    /** Held shared while a write applies, exclusively for the instant a commit takes its target. */
    private final ReentrantReadWriteLock applying = new ReentrantReadWriteLock();
    private final AtomicLong tickets = new AtomicLong();
    private final AtomicLong commits = new AtomicLong();
    private final AtomicLong commitNanos = new AtomicLong();
    private final Object monitor = new Object();
    /** Every write with a ticket up to this is in the file. Guarded by {@link #monitor}. */
    private long durable;
    /** A commit is under way. Guarded by {@link #monitor}. */
    private boolean committing;

    GroupCommit(Committer committer) {
        this.committer = committer;
    }

    /** Call before a write changes anything; then {@link #applied} once it has, then {@link #awaitDurable}. */
    long beginWrite() {
        applying.readLock().lock();
        return tickets.incrementAndGet();
    }

    void applied() {
        applying.readLock().unlock();
    }

    /** The ticket a reader waits for: every write that could have shown in what it just read. */
    long visibleNow() {
        return tickets.get();
    }

    void awaitDurable(long ticket) {
        while (true) {
            synchronized (monitor) {
                while (durable < ticket && committing) {
                    waitForCommit();
                }
                if (durable >= ticket) {
                    return;
                }
                committing = true;
            }
            commitForEveryoneApplied();
        }
    }

    long commits() {
        return commits.get();
    }

    long commitNanos() {
        return commitNanos.get();
    }

    private void commitForEveryoneApplied() {
        long target;
        applying.writeLock().lock();
        try {
            // no write is half-applied now: every ticket up to the target is wholly in the store's current version
            target = tickets.get();
        } finally {
            applying.writeLock().unlock();
        }
        boolean done = false;
        long started = System.nanoTime();
        try {
            committer.commit();
            done = true;
        } finally {
            commitNanos.addAndGet(System.nanoTime() - started);
            commits.incrementAndGet();
            synchronized (monitor) {
                if (done) {
                    durable = Math.max(durable, target);
                }
                committing = false;
                monitor.notifyAll();
            }
        }
    }

    private void waitForCommit() {
        try {
            monitor.wait();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the store to commit", e);
        }
    }
}
