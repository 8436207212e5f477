// Acts as a frontend does: once connected (and caught up), emits each of ACTIONS (a JSON array of [event, payload])
// in order, each waiting for its acknowledgement, recorded as "ack:<event>". Records every server event with its
// payload (sync_complete and presence left out). Finishes after the last acknowledgement, or with EXPECT set (as in
// record.mjs) once those events have arrived too.
import { connect, finish } from "./harness.mjs";

const socket = connect();
const actions = JSON.parse(process.env.ACTIONS ?? "[]");
const expected = (process.env.EXPECT ?? "").split(",").filter(Boolean).map((entry) => {
  const [name, count] = entry.split("*");
  return { name, count: Number(count ?? 1) };
});
const ignored = new Set(["sync_complete", "presence"]);
const events = [];
let acted = false;
const seen = (name) => events.filter((recorded) => recorded.event === name).length;
const finishWhenDone = () => {
  if (acted && expected.every(({ name, count }) => seen(name) >= count)) {
    finish({ id: socket.id, events });
  }
};
setTimeout(() => finish({ timedOut: true, id: socket.id, events }), Number(process.env.LIMIT_MS ?? 10000) - 500);

socket.on("connect_error", (err) => finish({ connectError: err.message }));
socket.onAny((event, payload) => {
  if (!ignored.has(event)) {
    events.push({ event, payload });
  }
  finishWhenDone();
});
socket.once("sync_complete", async () => {
  for (const [event, payload] of actions) {
    try {
      const ack = await socket.timeout(10000).emitWithAck(event, payload);
      events.push({ event: "ack:" + event, payload: ack });
    } catch (e) {
      events.push({ event: "ack:" + event, failure: String(e) });
    }
  }
  acted = true;
  finishWhenDone();
});
