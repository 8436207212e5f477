package io.parley.kernel.api;

/**
 * Writes the command side answered before the read model had them. Present only where the read side runs in the
 * same JVM (the standalone): there a send is answered as soon as its event is durable in the event store, and the
 * read side, told of it here, makes every read that begins afterwards wait until its projection has applied it. So
 * the answer stays a promise about the next GET, without the request waiting for Kafka and the projection. Where
 * the read side is another service this port is absent and the command side waits for the read model instead.
 */
public interface AnsweredWrites {

    /** A write that brought {@code conversationId} to {@code version} was answered. */
    void answered(String conversationId, long version);
}
