// Sends a bad send_message, then a good one to CONVERSATION, and waits for the stream's message_sent.
import { connect, finish } from "./harness.mjs";

const socket = connect();
const events = [];
socket.on("connect_error", (err) => finish({ connectError: err.message }));
socket.onAny((event, payload) => events.push({ event, payload }));

const until = (condition) => new Promise((resolve) => {
  const check = () => (condition() ? resolve() : setTimeout(check, 20));
  check();
});

socket.on("connect", async () => {
  try {
    const bad = await socket.timeout(5000).emitWithAck("send_message", { conversationId: "zzz", content: "x" });
    const ack = await socket.timeout(10000).emitWithAck("send_message", {
      conversationId: process.env.CONVERSATION, content: "over the socket", clientMessageId: "socket-1",
    });
    await until(() => events.some((seen) => seen.event === "message_sent"));
    finish({ id: socket.id, bad, ack, events });
  } catch (e) {
    finish({ failure: String(e), events });
  }
});
