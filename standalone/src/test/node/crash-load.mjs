// Senders that keep every message they were promised: REST senders (tokens in REST_TOKENS, comma separated) and
// socket senders (SOCKET_TOKENS) each send COUNT messages to CONVERSATION, every one with its own clientMessageId
// (its content too), and retry one that got no answer (the server was killed, restarting, unreachable) until it is
// acknowledged. Messages BURST_FROM..BURST_TO of each sender go out all at once; the others PAUSE_MS apart (so a
// restarted server finds the load still running). Prints {"ack": {...}} for every
// acknowledgement as it comes, then {"done": true, "acks": [...]} (or {"failed": reason} on a refusal).
import { io } from "socket.io-client";

const url = process.env.PARLEY_URL;
const conversationId = process.env.CONVERSATION;
const count = Number(process.env.COUNT ?? 100);
const burstFrom = Number(process.env.BURST_FROM ?? -1);
const burstTo = Number(process.env.BURST_TO ?? -1);
const pauseMs = Number(process.env.PAUSE_MS ?? 0);
const split = (value) => (value ?? "").split(",").filter(Boolean);
const acks = [];
setTimeout(() => finish({ failed: `not every message was acknowledged within ${process.env.LIMIT_MS} ms`, acks }),
  Number(process.env.LIMIT_MS ?? 240000) - 1000).unref();

function finish(result) {
  process.stdout.write(JSON.stringify(result) + "\n", () => process.exit(0));
}

// a sender that breaks says how, instead of leaving only its last acknowledgement behind
process.on("uncaughtException", (error) => finish({ failed: `the senders broke: ${error.stack}`, acks }));
process.on("unhandledRejection", (error) => finish({ failed: `the senders broke: ${error?.stack ?? error}`, acks }));

const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function acknowledged(via, clientMessageId, message) {
  const ack = { via, clientMessageId, id: message.id, seq: message.seq, content: message.content };
  acks.push(ack);
  process.stdout.write(JSON.stringify({ ack }) + "\n");
}

async function restSend(token, clientMessageId) {
  for (;;) {
    let status;
    let body;
    try {
      const res = await fetch(url + "/api/message", {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify({ conversationId, content: clientMessageId, clientMessageId }),
        signal: AbortSignal.timeout(15000),
      });
      status = res.status;
      body = await res.json().catch(() => null);
    } catch {
      status = 0; // no answer: killed, restarting, or not listening yet
    }
    if ((status === 200 || status === 201) && body?.id) {
      return acknowledged("rest", clientMessageId, body);
    }
    if (status >= 400 && status < 500 && status !== 429) {
      finish({ failed: `${clientMessageId} refused with ${status}: ${JSON.stringify(body)}`, acks });
    }
    await pause(200);
  }
}

function socketSender(token) {
  const socket = io(url, { auth: { token }, reconnectionDelay: 200, reconnectionDelayMax: 1000 });
  return async (clientMessageId) => {
    for (;;) {
      try {
        const ack = await socket.timeout(10000)
          .emitWithAck("send_message", { conversationId, content: clientMessageId, clientMessageId });
        if (ack.ok && ack.message?.id) {
          return acknowledged("socket", clientMessageId, ack.message);
        }
        if (ack.error?.code !== "internal" && ack.error?.code !== "rate_limited") {
          finish({ failed: `${clientMessageId} refused: ${JSON.stringify(ack.error)}`, acks });
        }
      } catch {
        // no acknowledgement in time: the connection was lost; it reconnects by itself
      }
      await pause(200);
    }
  };
}

async function run(name, send) {
  for (let i = 0; i < count; i++) {
    if (i === burstFrom) {
      const burst = [];
      for (; i < burstTo; i++) {
        burst.push(send(`${name}-${i}`));
      }
      await Promise.all(burst);
      i--;
      continue;
    }
    await send(`${name}-${i}`);
    await pause(pauseMs);
  }
}

const senders = [
  ...split(process.env.REST_TOKENS).map((token, k) => run(`rest${k}`, (id) => restSend(token, id))),
  ...split(process.env.SOCKET_TOKENS).map((token, k) => run(`socket${k}`, socketSender(token))),
];
await Promise.all(senders);
finish({ done: true, acks });
