/**
 * The Socket.IO (protocol v5, Engine.IO v4) server behind {@link io.parley.push.socket}: the
 * {@code io.socket:socket.io-server} library, fed by Spring MVC (long-polling) and Spring WebSocket, with the token
 * check the library lacks. Everything that names the library stays in this package.
 */
package io.parley.push.socket.socketio;
