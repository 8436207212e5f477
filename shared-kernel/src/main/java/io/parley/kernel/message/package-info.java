/**
 * Commands and events of messages. Messages live in their conversation's event stream (the conversation aggregate
 * numbers them), so every message event is also a {@link io.parley.kernel.conversation.ConversationEvent}: one
 * Kafka key, one order. Public API: events are kept forever and replayed.
 */
package io.parley.kernel.message;
