package io.parley.push.socket;

import io.parley.kernel.auth.Caller;

/** One live client connection on this node: its id (the client's {@code socket.id}) and who it belongs to. */
public record Connection(String id, Caller caller) {

    public String userId() {
        return caller.userId();
    }
}
