package io.parley.push.socket;

import io.parley.kernel.auth.Caller;

/**
 * One live client connection on this node: its id (the client's {@code socket.id}), who it belongs to, and the cursor
 * its client connected with ({@code auth.since}; null when it brought none).
 */
public record Connection(String id, Caller caller, String since) {

    public String userId() {
        return caller.userId();
    }
}
