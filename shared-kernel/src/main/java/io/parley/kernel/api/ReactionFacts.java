package io.parley.kernel.api;

import java.util.List;
import java.util.Map;

/**
 * A message's reactions as the read model holds them (emoji to users), and the conversation version the read model
 * had reached when they were read: what the conversation needs to bring them up to date.
 */
public record ReactionFacts(Map<String, List<String>> reactions, long version) {
}
