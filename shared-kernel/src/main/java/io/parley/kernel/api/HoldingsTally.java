package io.parley.kernel.api;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts what a read model holds, for a {@link ConsistencyProbe}: every message it keeps ({@link #message}), then
 * every conversation with its version ({@link #conversation}). Messages of a conversation the model does not know are
 * held too, with version {@code -1}: that is a difference the audit must show.
 */
public final class HoldingsTally {

    private final Map<String, long[]> messages = new HashMap<>();
    private final List<ConversationHolding> holdings = new ArrayList<>();

    /** A message of that conversation, with its seq ({@code -1} where the model does not keep it). */
    public void message(String conversationId, long seq) {
        long[] counted = messages.computeIfAbsent(conversationId, id -> new long[2]);
        counted[0]++;
        counted[1] = Math.max(counted[1], seq);
    }

    public void conversation(String conversationId, long version) {
        long[] counted = messages.remove(conversationId);
        holdings.add(new ConversationHolding(conversationId, version,
                counted == null ? 0 : counted[0], counted == null ? 0 : counted[1]));
    }

    public List<ConversationHolding> holdings() {
        List<ConversationHolding> all = new ArrayList<>(holdings);
        messages.forEach((id, counted) -> all.add(new ConversationHolding(id, -1, counted[0], counted[1])));
        return all;
    }
}
