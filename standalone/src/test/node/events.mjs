// Emits client events with and without acknowledgements and records what comes back, on one connection.
import { connect, finish, transportOf } from "./harness.mjs";

const socket = connect();
const errors = [];
socket.on("error", (payload) => errors.push(payload));
socket.on("connect_error", (err) => finish({ connectError: err.message }));

const nextError = () => new Promise((resolve) => socket.once("error", resolve));
const ack = (event, payload) => socket.timeout(5000).emitWithAck(event, payload);

socket.on("connect", async () => {
  try {
    const echo = await ack("echo", { text: "hi" });
    const refusedError = nextError();
    const refused = await ack("refuse", { text: "no" });
    await refusedError;
    const unknownError = nextError();
    socket.emit("no_such_event", { text: "?" });
    await unknownError;
    const large = await ack("echo", { text: "x".repeat(20000) });
    const again = await ack("echo", { text: "still here" });
    finish({
      echo, refused, errors, again,
      largeLength: large.echo.text.length,
      connected: socket.connected, transport: transportOf(socket),
    });
  } catch (e) {
    finish({ failure: String(e), errors });
  }
});
