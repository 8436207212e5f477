package io.parley.push.delivery;

/**
 * What delivery needs of the live connections of this node (the Socket.IO transport implements it): to send to one,
 * and to run a task in the connection's own order, among its client events.
 */
public interface PushSink {

    /** Sends {@code event} to the connection if it is still live here. */
    void emit(String connectionId, String event, Object payload);

    /** Runs {@code task} after everything already queued for that connection; never if it is gone. */
    void enqueue(String connectionId, Runnable task);
}
