/**
 * Realtime push: the Socket.IO-compatible server that pushes to members' sockets. Features reach the connections
 * through {@link io.parley.push.socket}; the library glue lives in {@code io.parley.push.socket.socketio}.
 */
package io.parley.push;
