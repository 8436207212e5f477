// Sends COUNT send_message events to CONVERSATION as fast as it can (all within about a second), counts the
// acknowledgements by outcome, then after a pause sends one more.
import { connect, finish } from "./harness.mjs";

const socket = connect();
const count = Number(process.env.COUNT ?? 1000);
socket.on("connect_error", (err) => finish({ connectError: err.message }));

socket.on("connect", async () => {
  try {
    const started = Date.now();
    const acks = [];
    for (let i = 0; i < count; i++) {
      acks.push(socket.timeout(60000).emitWithAck("send_message", {
        conversationId: process.env.CONVERSATION, content: `flood ${i}`, clientMessageId: `flood-${i}`,
      }).catch((e) => ({ ok: false, error: { code: `client: ${e.message}` } })));
    }
    const emittedInMs = Date.now() - started;
    const outcomes = {};
    for (const ack of await Promise.all(acks)) {
      const key = ack.ok ? "ok" : ack.error.code;
      outcomes[key] = (outcomes[key] ?? 0) + 1;
    }
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const after = await socket.timeout(10000).emitWithAck("send_message", {
      conversationId: process.env.CONVERSATION, content: "after the flood",
    });
    finish({ emittedInMs, outcomes, after, connected: socket.connected });
  } catch (e) {
    finish({ failure: String(e) });
  }
});
