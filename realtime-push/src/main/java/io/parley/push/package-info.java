/**
 * Realtime push: the Socket.IO-compatible server and what it pushes. {@code delivery} keeps the push side's own view
 * of every conversation (who is in it) from the event stream and turns each stored event into the socket events of
 * API.md; {@code socket} is our interface to the live connections (the library glue lives in
 * {@code socket.socketio}), whose {@link io.parley.push.delivery.PushSink} carries the deliveries. {@code typing} and
 * {@code presence} are never stored: they travel between push nodes on short-retention Kafka topics. It speaks to
 * the other services only through shared-kernel types and the event stream.
 */
package io.parley.push;
