// Types in CONVERSATION: a bad typing event, a refused one (FOREIGN conversation), then isTyping: true; then either
// stays silent for WAIT_MS (MODE=expire), or disconnects (MODE=disconnect), or (MODE=late-stop) stays silent for
// WAIT_MS, then sends isTyping: false (already said by the expiry), then types and stops once more.
import { connect, finish } from "./harness.mjs";

const socket = connect();
socket.on("connect_error", (err) => finish({ connectError: err.message }));
const ack = (payload) => socket.timeout(5000).emitWithAck("typing", payload);

socket.on("connect", async () => {
  try {
    const bad = await ack({ conversationId: process.env.CONVERSATION, isTyping: "yes" });
    const foreign = await ack({ conversationId: process.env.FOREIGN, isTyping: true });
    const typing = await ack({ conversationId: process.env.CONVERSATION, isTyping: true });
    const typedAt = Date.now();
    if (process.env.MODE === "late-stop") {
      await new Promise((resolve) => setTimeout(resolve, Number(process.env.WAIT_MS ?? 1000)));
      const lateStop = await ack({ conversationId: process.env.CONVERSATION, isTyping: false });
      const again = await ack({ conversationId: process.env.CONVERSATION, isTyping: true });
      const stop = await ack({ conversationId: process.env.CONVERSATION, isTyping: false });
      return finish({ bad, foreign, typing, typedAt, lateStop, again, stop, connected: socket.connected });
    }
    if (process.env.MODE === "disconnect") {
      socket.disconnect();
      // let the DISCONNECT packet leave (over polling it is a request of its own) before the process ends
      return setTimeout(() => finish({ bad, foreign, typing, typedAt }), 500);
    }
    setTimeout(() => finish({ bad, foreign, typing, typedAt, connected: socket.connected }),
      Number(process.env.WAIT_MS ?? 1000));
  } catch (e) {
    finish({ failure: String(e) });
  }
});
