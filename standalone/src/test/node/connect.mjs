// Connects once and reports how it went: connect (with the transport the connection opened on, whether it
// upgraded, and the one it ended on; with EXPECT_UPGRADE it waits for the upgrade) or connect_error.
// The upgrade may finish before or after "connect": which comes first is a race of the protocol, not a fault.
import { connect, finish, transportOf } from "./harness.mjs";

const socket = connect();
const events = [];
let openedOn;
let upgraded = false;

const reportWhenDone = () => {
  if (events.includes("connect") && (upgraded || process.env.EXPECT_UPGRADE !== "true")) {
    finish({ events, id: socket.id, openedOn, upgraded, transport: transportOf(socket) });
  }
};

socket.io.on("open", () => {
  openedOn = transportOf(socket);
  socket.io.engine.on("upgrade", () => {
    upgraded = true;
    reportWhenDone();
  });
});
socket.on("connect", () => {
  events.push("connect");
  reportWhenDone();
});
socket.on("connect_error", (err) => {
  events.push("connect_error");
  finish({ events, message: err.message });
});
