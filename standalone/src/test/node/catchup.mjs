// Catches up as a frontend that kept its last cursor does: connects with SINCE (when set), records every
// stored-event push (name, eventId, cursor, and the message's seq and content when it has one) and sync_complete,
// in arrival order. Prints {"synced": cursor} the moment sync_complete arrives, then finishes once it has come and,
// with UNTIL set, a new_message whose content is UNTIL has arrived too. With SYNC_SINCE set, it then emits
// sync { since: SYNC_SINCE } (records the acknowledgement) and finishes at the sync_complete that follows.
import { connect, finish } from "./harness.mjs";

const socket = connect();
const events = [];
let synced = false;
let syncs = process.env.SYNC_SINCE ? 2 : 1;
let acknowledged = !process.env.SYNC_SINCE;
const finishWhenDone = () => synced && reachedUntil && acknowledged && done();
let reachedUntil = !process.env.UNTIL;
const done = () => finish({ id: socket.id, events });
setTimeout(() => finish({ timedOut: true, id: socket.id, events }), Number(process.env.LIMIT_MS ?? 10000) - 500);

socket.on("connect_error", (err) => finish({ connectError: err.message }));
socket.on("error", (payload) => events.push({ event: "error", code: payload.code, message: payload.message }));
socket.onAny((event, payload) => {
  // presence is no stored event: it is never replayed and carries no cursor
  if (event === "error" || event === "presence") {
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
    synced = --syncs === 0;
    process.stdout.write(JSON.stringify({ synced: payload.cursor }) + "\n");
    if (!synced) {
      socket.timeout(10000).emitWithAck("sync", { since: process.env.SYNC_SINCE })
        .then((ack) => events.push({ event: "ack:sync", ok: ack.ok, code: ack.error?.code }))
        .catch((e) => events.push({ event: "ack:sync", failure: String(e) }))
        .finally(() => {
          acknowledged = true;
          finishWhenDone();
        });
    }
  }
  if (event === "new_message" && message?.content === process.env.UNTIL) {
    reachedUntil = true;
  }
  finishWhenDone();
});
