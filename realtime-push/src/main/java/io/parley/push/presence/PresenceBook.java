package io.parley.push.presence;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The whole deployment's presence as one node knows it from the presence topic: which users each node has online,
 * and when each user was last seen. A user is online while any node lists them. Every change of a user's status is
 * returned by the call that made it, once, for the caller to push. Thread-safe; no I/O.
 */
final class PresenceBook {

    private static final class NodeState {
        private final Set<String> users = new HashSet<>();
        /** Who the parts of the heartbeat being read have listed so far. */
        private final Set<String> listed = new HashSet<>();
        private Instant heardAt;

        private NodeState(Instant heardAt) {
            this.heardAt = heardAt;
        }
    }

    private final String self;
    private final Map<String, NodeState> nodes = new HashMap<>();
    /** On how many nodes each online user is; a user absent here is offline. */
    private final Map<String, Integer> onlineOn = new HashMap<>();
    private final Map<String, Instant> lastSeen = new HashMap<>();
    /** Nodes that said goodbye: a record of theirs arriving late must not bring their users back. */
    private final Set<String> departed = new HashSet<>();

    /** @param self this node, which is never expired: it knows its own connections even while Kafka is away */
    PresenceBook(String self) {
        this.self = self;
    }

    synchronized List<Presence> apply(PresenceSignal signal) {
        List<Presence> changes = new ArrayList<>();
        if (departed.contains(signal.node())) {
            return changes;
        }
        NodeState node = nodes.computeIfAbsent(signal.node(), id -> new NodeState(signal.at()));
        if (signal.at().isAfter(node.heardAt)) {
            node.heardAt = signal.at();
        }
        switch (signal.kind()) {
            case ONLINE -> add(node, signal.userId(), changes);
            case OFFLINE -> remove(node, signal.userId(), signal.at(), changes);
            case HEARTBEAT -> {
                signal.users().forEach(userId -> add(node, userId, changes));
                node.listed.addAll(signal.users());
                if (signal.last()) {
                    List.copyOf(node.users).stream()
                            .filter(userId -> !node.listed.contains(userId))
                            .forEach(userId -> remove(node, userId, signal.at(), changes));
                    node.listed.clear();
                }
            }
            case GOODBYE -> {
                List.copyOf(node.users).forEach(userId -> remove(node, userId, signal.at(), changes));
                nodes.remove(signal.node());
                departed.add(signal.node());
            }
        }
        return changes;
    }

    /**
     * Forgets every other node not heard from for longer than {@code expiry} before {@code now}: its users are last
     * seen at its last record.
     */
    synchronized List<Presence> expire(Instant now, Duration expiry) {
        List<Presence> changes = new ArrayList<>();
        for (Iterator<Map.Entry<String, NodeState>> it = nodes.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, NodeState> entry = it.next();
            NodeState node = entry.getValue();
            if (!entry.getKey().equals(self) && node.heardAt.plus(expiry).isBefore(now)) {
                List.copyOf(node.users).forEach(userId -> remove(node, userId, node.heardAt, changes));
                it.remove();
            }
        }
        return changes;
    }

    synchronized Presence of(String userId) {
        return onlineOn.containsKey(userId)
                ? Presence.online(userId, lastSeen.get(userId))
                : Presence.offline(userId, lastSeen.get(userId));
    }

    private void add(NodeState node, String userId, List<Presence> changes) {
        if (node.users.add(userId) && onlineOn.merge(userId, 1, Integer::sum) == 1) {
            changes.add(Presence.online(userId, lastSeen.get(userId)));
        }
    }

    private void remove(NodeState node, String userId, Instant at, List<Presence> changes) {
        if (node.users.remove(userId) && onlineOn.merge(userId, -1, Integer::sum) == 0) {
            onlineOn.remove(userId);
            Instant seen = lastSeen.merge(userId, at, (before, now) -> now.isAfter(before) ? now : before);
            changes.add(Presence.offline(userId, seen));
        }
    }
}
