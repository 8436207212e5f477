// Catches up as a frontend that kept its last cursor does: connects with SINCE (when set), records every
// stored-event push (name, eventId, cursor, and the message's seq and content when it has one) and sync_complete,
// in arrival order. Prints {"synced": cursor} the moment sync_complete arrives, then finishes once it has come and,
// with UNTIL set, a new_message whose content is UNTIL has arrived too.
import { connect, finish } from "./harness.mjs";

const socket = connect();
const events = [];
let synced = false;
let reachedUntil = !process.env.UNTIL;
const done = () => finish({ id: socket.id, events });
setTimeout(() => finish({ timedOut: true, id: socket.id, events }), Number(process.env.LIMIT_MS ?? 10000) - 500);

socket.on("connect_error", (err) => finish({ connectError: err.message }));
socket.on("error", (payload) => events.push({ event: "error", code: payload.code, message: payload.message }));
socket.onAny((event, payload) => {
  if (event === "error") {
    return;
  }
  const message = payload?.message;
  events.push({
    event,
    eventId: payload?.eventId,
    cursor: payload?.cursor,
    seq: message?.seq,
    content: message?.content,
  });
  if (event === "sync_complete") {
    synced = true;
    process.stdout.write(JSON.stringify({ synced: payload.cursor }) + "\n");
  }
  if (event === "new_message" && message?.content === process.env.UNTIL) {
    reachedUntil = true;
  }
  if (synced && reachedUntil) {
    done();
  }
});
