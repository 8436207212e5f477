// One user floods: FLOODERS connections with FLOOD_TOKEN each emit send_message to FLOOD_CONVERSATION as fast as
// bursts of FLOOD_BURST every 20 ms allow, for DURATION_MS. Meanwhile a quiet user (QUIET_TOKEN) sends one message
// to QUIET_CONVERSATION every QUIET_EVERY_MS and a listener there (LISTENER_TOKEN) hears it: the report has the
// quiet user's send-to-receive times (p50, p99, max) and the flood's outcomes by code, with the retryAfter values seen.
import { io } from "socket.io-client";
import { finish } from "./harness.mjs";

const url = process.env.PARLEY_URL;
const open = (token) => new Promise((resolve, reject) => {
  const socket = io(url, { auth: { token }, transports: ["websocket"], reconnection: false, timeout: 10000 });
  socket.on("connect", () => resolve(socket));
  socket.on("connect_error", (err) => reject(new Error(err.message)));
});
const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

try {
  const duration = Number(process.env.DURATION_MS ?? 8000);
  const burst = Number(process.env.FLOOD_BURST ?? 10);
  const flooders = await Promise.all(
    Array.from({ length: Number(process.env.FLOODERS ?? 10) }, () => open(process.env.FLOOD_TOKEN)));
  const quiet = await open(process.env.QUIET_TOKEN);
  const listener = await open(process.env.LISTENER_TOKEN);

  const sentAt = new Map();
  const latencies = [];
  listener.on("new_message", ({ message }) => {
    const at = sentAt.get(message.clientMessageId);
    if (at !== undefined) {
      latencies.push(Date.now() - at);
      sentAt.delete(message.clientMessageId);
    }
  });

  const outcomes = {};
  const retryAfter = new Set();
  const pending = [];
  let flooding = true;
  const floods = flooders.map(async (socket, f) => {
    for (let i = 0; flooding; i++) {
      for (let b = 0; b < burst; b++) {
        pending.push(socket.timeout(60000).emitWithAck("send_message", {
          conversationId: process.env.FLOOD_CONVERSATION, content: `flood ${f}-${i}-${b}`,
        }).then((ack) => {
          const key = ack.ok ? "ok" : ack.error.code;
          outcomes[key] = (outcomes[key] ?? 0) + 1;
          if (!ack.ok && ack.error.retryAfter !== undefined) retryAfter.add(ack.error.retryAfter);
        }, (e) => { outcomes[`client: ${e.message}`] = (outcomes[`client: ${e.message}`] ?? 0) + 1; }));
      }
      await pause(20);
    }
  });

  await pause(1000); // the flood is under way before the quiet user's first message
  let quietFailures = 0;
  const quietSends = [];
  const every = Number(process.env.QUIET_EVERY_MS ?? 500);
  for (let i = 0; i * every < duration - 1000; i++) {
    const id = `quiet-${i}`;
    sentAt.set(id, Date.now());
    quietSends.push(quiet.timeout(30000).emitWithAck("send_message", {
      conversationId: process.env.QUIET_CONVERSATION, content: `quiet ${i}`, clientMessageId: id,
    }).then((ack) => { if (!ack.ok) quietFailures++; }, () => { quietFailures++; }));
    await pause(every);
  }
  flooding = false;
  await Promise.all(floods);
  await Promise.all(quietSends);
  const deadline = Date.now() + 20000;
  while (sentAt.size > 0 && Date.now() < deadline) await pause(20);
  await Promise.all(pending);

  const sorted = [...latencies].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
  finish({
    quiet: { sent: quietSends.length, heard: latencies.length, unheard: sentAt.size, failures: quietFailures,
      p50: at(0.5), p99: at(0.99), max: sorted[sorted.length - 1] },
    flood: { outcomes, retryAfter: [...retryAfter] },
  });
} catch (e) {
  finish({ failure: String(e) });
}
