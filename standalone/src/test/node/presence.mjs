// One connection that stays open and reports the presence pushes it hears: each as its own line
// ({ presence: payload }) as it arrives, and all of them in the final line ({ events: [...] }). Finishes when it
// hears UNTIL ("<userId>:<status>"), or when stopped (SIGTERM: the socket closes cleanly first), or at its limit.
import { connect, finish } from "./harness.mjs";

const socket = connect();
const events = [];
const done = (extra = {}) => finish({ id: socket.id, events, ...extra });
setTimeout(() => done({ timedOut: true }), Number(process.env.LIMIT_MS ?? 10000) - 500);

socket.on("connect", () => process.stdout.write(JSON.stringify({ connected: socket.id }) + "\n"));
socket.on("connect_error", (err) => finish({ connectError: err.message }));
socket.on("presence", (payload) => {
  events.push(payload);
  process.stdout.write(JSON.stringify({ presence: payload }) + "\n");
  if (process.env.UNTIL === `${payload.userId}:${payload.status}`) {
    socket.close();
    done();
  }
});
process.on("SIGTERM", () => {
  socket.close();
  done({ stopped: true });
});
