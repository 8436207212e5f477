package io.parley.kernel.api;

/**
 * Writes the command side answered before the read model and the feed had them. Present only where the read side
 * and the push side run in the same JVM (the standalone), one each: there a send is answered as soon as its event is
 * durable in the event store, and each side, told of it here, makes every read (a GET; a feed replay) that begins
 * afterwards wait until its processor has applied it. So the answer stays a promise about the next GET and the next
 * replay, without the request waiting for Kafka and the projections. Where they are other services this port is
 * absent and the command side waits for the read model instead.
 */
public interface AnsweredWrites {

    /** A write that brought {@code conversationId} to {@code version} was answered. */
    void answered(String conversationId, long version);
}
