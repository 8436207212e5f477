// Stays connected for STAY_MS, counting the server's pings; any disconnect in between is reported.
import { connect, finish, transportOf } from "./harness.mjs";

const socket = connect();
const disconnects = [];
let pings = 0;
let firstId;

socket.io.on("ping", () => pings++);
socket.on("disconnect", (reason) => disconnects.push(reason));
socket.on("connect_error", (err) => finish({ connectError: err.message }));
socket.on("connect", () => {
  firstId ??= socket.id;
  setTimeout(() => finish({
    pings, disconnects, connected: socket.connected, sameConnection: socket.id === firstId,
    transport: transportOf(socket),
  }), Number(process.env.STAY_MS));
});
