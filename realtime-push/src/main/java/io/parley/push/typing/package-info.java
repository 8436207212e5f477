/**
 * Typing indicators: never stored, relayed between push nodes over a short-retention Kafka topic. The typist's node
 * checks membership, names the recipients, and says {@code isTyping: false} when five seconds pass without a
 * refresh or the typist disconnects; every node delivers the signals to its own connections of the recipients.
 */
package io.parley.push.typing;
