/**
 * Realtime push: consumes the event stream and pushes what each user may see to their live connections.
 * {@code delivery} keeps the push side's own view of every conversation (who is in it) from the stream and turns each
 * stored event into the socket events of API.md; a {@link io.parley.push.delivery.PushSink} (the Socket.IO
 * transport) carries them to the connections. It speaks to the other services only through shared-kernel types and
 * the event stream.
 */
package io.parley.push;
