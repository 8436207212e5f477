// Records every server event on one connection, with its arrival time. Finishes once each event named in EXPECT
// (comma separated; "name*2" waits for two of them) has arrived, or on "bye". With MARK_READ set, answers each
// new_message with mark_read and records the ack. With TYPE_IN set, starts typing in that conversation on connect.
// Events named in IGNORE (comma separated; sync_complete and presence unless set) are not recorded.
import { connect, finish } from "./harness.mjs";

const socket = connect();
const expected = (process.env.EXPECT ?? "").split(",").filter(Boolean).map((entry) => {
  const [name, count] = entry.split("*");
  return { name, count: Number(count ?? 1) };
});
const ignored = new Set((process.env.IGNORE ?? "sync_complete,presence").split(",").filter(Boolean));
const events = [];
const done = () => finish({ id: socket.id, events });
// report what did arrive, a little before the harness's own time limit would report nothing
setTimeout(() => finish({ timedOut: true, id: socket.id, events }), Number(process.env.LIMIT_MS ?? 10000) - 500);

socket.on("connect", () => {
  process.stdout.write(JSON.stringify({ connected: socket.id }) + "\n");
  if (process.env.TYPE_IN) {
    socket.emit("typing", { conversationId: process.env.TYPE_IN, isTyping: true });
  }
});
socket.on("connect_error", (err) => finish({ connectError: err.message }));
socket.onAny(async (event, payload) => {
  if (event === "bye") {
    return done();
  }
  if (ignored.has(event)) {
    return;
  }
  events.push({ event, payload, at: Date.now() });
  if (event === "new_message" && process.env.MARK_READ) {
    const ack = await socket.timeout(10000).emitWithAck("mark_read", { messageId: payload.message.id });
    events.push({ event: "ack:mark_read", payload: ack });
  }
  const seen = (name) => events.filter((recorded) => recorded.event === name).length;
  if (expected.length > 0 && expected.every(({ name, count }) => seen(name) >= count)) {
    done();
  }
});
