/**
 * Realtime push: the Socket.IO-compatible server that consumes the event stream and pushes to members' sockets.
 * Wired into the build and the standalone; its server arrives with the realtime issue.
 */
package io.parley.push;
