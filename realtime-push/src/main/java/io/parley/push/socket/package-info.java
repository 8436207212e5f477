/**
 * Parley's own face of the realtime connections: push to a user or a connection, answer client events, hear
 * connects and disconnects. Nothing here names the Socket.IO library, so the library can be replaced behind it
 * ({@code socketio} holds the glue).
 */
package io.parley.push.socket;
