// Connects with TOKEN and sends one message to CONVERSATION. With REFRESH (a token), hands it over by refresh_token
// at once and reports its acknowledgement. Then records every error event and how the connection ended, until it
// ends or STAY_MS have passed (then it sends once more, to show the connection still serves).
import { connect, finish } from "./harness.mjs";

const socket = connect();
const errors = [];
const started = Date.now();
let refresh = null;
let before = null;
socket.on("connect_error", (err) => finish({ connectError: err.message }));
socket.on("error", (payload) => errors.push({ atMs: Date.now() - started, payload }));
socket.on("disconnect", (reason) => finish({ before, refresh, errors, disconnect: reason, atMs: Date.now() - started }));

socket.on("connect", async () => {
  try {
    before = await socket.timeout(10000).emitWithAck("send_message", {
      conversationId: process.env.CONVERSATION, content: "before expiry",
    });
    if (process.env.REFRESH) {
      refresh = await socket.timeout(10000).emitWithAck("refresh_token", { token: process.env.REFRESH });
    }
    if (process.env.STAY_MS) {
      await new Promise((resolve) => setTimeout(resolve, Number(process.env.STAY_MS)));
      const after = await socket.timeout(10000).emitWithAck("send_message", {
        conversationId: process.env.CONVERSATION, content: "after the first token's expiry",
      });
      finish({ before, refresh, errors, after, connected: socket.connected });
    }
  } catch (e) {
    finish({ failure: String(e), errors });
  }
});
