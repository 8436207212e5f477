package io.parley.push.presence;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One record of the presence topic, from the node {@code node}, keyed by it so that a node's records keep their
 * order: a user's first connection on that node opened ({@code ONLINE}) or last one closed ({@code OFFLINE}), a
 * part of the node's whole list of online users ({@code HEARTBEAT}; {@code last} on its last part, which also
 * corrects a record lost on the way), or the node leaving cleanly ({@code GOODBYE}). The list comes in parts so that
 * no record outgrows what Kafka takes, however many users a node has. {@code at} is the sender's clock.
 */
record PresenceSignal(String node, Kind kind, String userId, List<String> users, boolean last, Instant at) {

    enum Kind { ONLINE, OFFLINE, HEARTBEAT, GOODBYE }

    static PresenceSignal online(String node, String userId, Instant at) {
        return new PresenceSignal(node, Kind.ONLINE, userId, List.of(), false, at);
    }

    static PresenceSignal offline(String node, String userId, Instant at) {
        return new PresenceSignal(node, Kind.OFFLINE, userId, List.of(), false, at);
    }

    /** A heartbeat in one part, as a node with few users sends it. */
    static PresenceSignal heartbeat(String node, List<String> users, Instant at) {
        return heartbeatPart(node, users, true, at);
    }

    static PresenceSignal heartbeatPart(String node, List<String> users, boolean last, Instant at) {
        return new PresenceSignal(node, Kind.HEARTBEAT, null, List.copyOf(users), last, at);
    }

    /** A heartbeat listing {@code users} in parts of at most {@code partSize}; with no users, one empty part. */
    static List<PresenceSignal> heartbeat(String node, List<String> users, int partSize, Instant at) {
        List<PresenceSignal> parts = new ArrayList<>();
        for (int from = 0; from == 0 || from < users.size(); from += partSize) {
            int to = Math.min(from + partSize, users.size());
            parts.add(heartbeatPart(node, users.subList(from, to), to == users.size(), at));
        }
        return parts;
    }

    static PresenceSignal goodbye(String node, Instant at) {
        return new PresenceSignal(node, Kind.GOODBYE, null, List.of(), false, at);
    }
}
