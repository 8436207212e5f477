// Stays connected and records every "hello" until the server says "bye" (each connection's pushes keep their order).
import { connect, finish, transportOf } from "./harness.mjs";

const socket = connect();
const hellos = [];

socket.on("connect", () => process.stdout.write(JSON.stringify({ connected: socket.id }) + "\n"));
socket.on("connect_error", (err) => finish({ error: err.message }));
socket.on("hello", (payload) => hellos.push(payload));
socket.on("bye", () => finish({ hellos, id: socket.id, transport: transportOf(socket) }));
