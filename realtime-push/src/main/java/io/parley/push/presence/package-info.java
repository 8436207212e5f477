/**
 * Presence: who is online, never stored in the event log. Each push node counts its own connections per user
 * ({@link io.parley.push.presence.PresenceNode}) and tells the others over a short-retention Kafka topic when a user's
 * first connection there opens or last one closes, plus a heartbeat listing all its online users; every node keeps
 * the whole picture in memory ({@link io.parley.push.presence.PresenceBook}), forgets a node whose heartbeats stop,
 * pushes {@code presence} to its own connections of the users who share a live conversation with the one who
 * changed, and answers {@code GET /api/presence}.
 */
package io.parley.push.presence;
