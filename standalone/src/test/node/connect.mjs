// Connects once and reports how it went: connect (with the transport it connected on and the one it ended on,
// after the upgrade when EXPECT_UPGRADE is set) or connect_error with its message.
import { connect, finish, transportOf } from "./harness.mjs";

const socket = connect();
const events = [];

socket.on("connect", () => {
  events.push("connect");
  const connectedOn = transportOf(socket);
  const report = () => finish({ events, id: socket.id, connectedOn, transport: transportOf(socket) });
  if (connectedOn === "websocket" || process.env.EXPECT_UPGRADE !== "true") {
    report();
  } else {
    socket.io.engine.once("upgrade", report);
  }
});
socket.on("connect_error", (err) => {
  events.push("connect_error");
  finish({ events, message: err.message });
});
