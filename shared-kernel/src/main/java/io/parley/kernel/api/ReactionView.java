package io.parley.kernel.api;

import java.util.List;

/** One emoji on a message: who reacted with it, in the order they did. */
public record ReactionView(String emoji, int count, List<String> users) {

    public static ReactionView of(String emoji, List<String> users) {
        return new ReactionView(emoji, users.size(), List.copyOf(users));
    }
}
