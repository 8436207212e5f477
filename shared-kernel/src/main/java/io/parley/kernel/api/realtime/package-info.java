/**
 * The payloads of the server-to-client Socket.IO events of {@code API.md}, and their names. Part of the public API:
 * an unmodified {@code socket.io-client} frontend reads them field for field.
 */
package io.parley.kernel.api.realtime;
