package io.parley.kernel.message;

import java.util.ArrayList;
import java.util.List;

/**
 * One emoji on a message and the users reacting with it, in the order they reacted. A message's reactions are a list
 * of these in the order each emoji first appeared; {@link #change} is the one rule every side that keeps them (the
 * read model, the push side's copy) applies to a {@link ReactionAddedEvent} or {@link ReactionRemovedEvent}.
 */
public record Reaction(String emoji, List<String> users) {

    public Reaction {
        users = List.copyOf(users);
    }

    /**
     * {@code reactions} with {@code userId} added to ({@code on}) or taken from {@code emoji}: a new emoji goes last,
     * one nobody reacts with any more leaves the list, the others keep their places.
     */
    public static List<Reaction> change(List<Reaction> reactions, String emoji, String userId, boolean on) {
        List<Reaction> changed = new ArrayList<>();
        boolean found = false;
        for (Reaction reaction : reactions) {
            if (!reaction.emoji().equals(emoji)) {
                changed.add(reaction);
                continue;
            }
            found = true;
            List<String> users = new ArrayList<>(reaction.users());
            if (on && !users.contains(userId)) {
                users.add(userId);
            } else if (!on) {
                users.remove(userId);
            }
            if (!users.isEmpty()) {
                changed.add(new Reaction(emoji, users));
            }
        }
        if (on && !found) {
            changed.add(new Reaction(emoji, List.of(userId)));
        }
        return changed;
    }
}
