package io.parley.push.presence;

import java.time.Instant;
import java.util.List;

/**
 * One record of the presence topic, from the node {@code node}, keyed by it so that a node's records keep their
 * order: a user's first connection on that node opened ({@code ONLINE}) or last one closed ({@code OFFLINE}), the
 * node's whole list of online users ({@code HEARTBEAT}, which also corrects a record lost on the way), or the node
 * leaving cleanly ({@code GOODBYE}). {@code at} is the sender's clock.
 */
record PresenceSignal(String node, Kind kind, String userId, List<String> users, Instant at) {

    enum Kind { ONLINE, OFFLINE, HEARTBEAT, GOODBYE }

    static PresenceSignal online(String node, String userId, Instant at) {
        return new PresenceSignal(node, Kind.ONLINE, userId, List.of(), at);
    }

    static PresenceSignal offline(String node, String userId, Instant at) {
        return new PresenceSignal(node, Kind.OFFLINE, userId, List.of(), at);
    }

    static PresenceSignal heartbeat(String node, List<String> users, Instant at) {
        return new PresenceSignal(node, Kind.HEARTBEAT, null, List.copyOf(users), at);
    }

    static PresenceSignal goodbye(String node, Instant at) {
        return new PresenceSignal(node, Kind.GOODBYE, null, List.of(), at);
    }
}
