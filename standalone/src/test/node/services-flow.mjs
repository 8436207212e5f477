// The REST + Socket.IO flow of deploy/run-services.sh, through the one origin (PARLEY_URL) in front of the three
// services: alice and bob (tokens ALICE, BOB) create a conversation, type, send over the socket, read, and bob
// catches up after being away, which alice sees as his presence. Prints each step and exits 1 at the first that
// fails. Also run by ProductionInfrastructureTest against real Kafka and MongoDB images where Docker exists.
import { io } from "socket.io-client";

const url = process.env.PARLEY_URL;
const tokens = { alice: process.env.ALICE, bob: process.env.BOB };
setTimeout(() => fail("the flow did not finish within 60 s"), 60_000).unref();

// the last line is a JSON report, for a test reading it (NodeClients)
function fail(reason) {
  console.log(JSON.stringify({ complete: false, failed: reason }));
  process.exit(1);
}

function step(name, ok, detail) {
  console.log(`${ok ? "ok  " : "FAIL"} ${name}${detail ? ` (${detail})` : ""}`);
  if (!ok) fail(name);
}

async function rest(user, method, path, body) {
  const res = await fetch(url + path, {
    method,
    headers: { authorization: `Bearer ${tokens[user]}`, ...(body ? { "content-type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, body: await res.json() };
}

function connect(user, options = {}) {
  const socket = io(url, { reconnection: false, ...options, auth: { token: tokens[user], ...(options.auth ?? {}) } });
  const synced = new Promise((resolve, reject) => {
    socket.once("sync_complete", resolve);
    socket.once("connect_error", reject);
  });
  return { socket, synced };
}

const next = (socket, event) => new Promise((resolve) => socket.once(event, resolve));
const presence = (socket, userId, status) => new Promise((resolve) => {
  const heard = (payload) => {
    if (payload.userId === userId && payload.status === status) {
      socket.off("presence", heard);
      resolve(payload);
    }
  };
  socket.on("presence", heard);
});

const created = await rest("alice", "POST", "/api/conversation", { participants: ["bob"] });
step("POST /api/conversation (command-side)", created.status === 201, `status ${created.status}`);
const conversationId = created.body.id;

const alice = connect("alice", { transports: ["websocket"] });
const bob = connect("bob"); // polling, then the upgrade to websocket
await alice.synced;
let cursor = (await bob.synced).cursor;
step("both connected through nginx, sync_complete", typeof cursor === "string", `bob at ${cursor}`);

const typing = next(bob.socket, "typing_indicator");
alice.socket.emit("typing", { conversationId, isTyping: true });
const indicator = await typing;
step("typing reaches bob", indicator.userId === "alice" && indicator.isTyping === true);

const heard = next(bob.socket, "new_message");
const sentBack = next(alice.socket, "message_sent");
const ack = await alice.socket.timeout(15_000).emitWithAck("send_message", { conversationId, content: "hello via nginx" });
step("send_message acknowledged (realtime-push → command-side)", ack.ok === true, ack.error?.message);
const received = await heard;
cursor = received.cursor;
step("bob receives new_message with eventId and cursor", received.message.content === "hello via nginx"
  && typeof received.eventId === "string");
step("alice's connection hears message_sent", (await sentBack).message.id === ack.message.id);

const receipt = next(alice.socket, "message_read");
const readAck = await bob.socket.timeout(15_000).emitWithAck("mark_read", { messageId: received.message.id });
step("mark_read acknowledged", readAck.ok === true, readAck.error?.message);
step("alice receives the read receipt", (await receipt).readBy === "bob");

const history = await rest("bob", "GET", `/api/message/${conversationId}?limit=10`);
step("GET history (query-side)", history.status === 200 && history.body.messages[0]?.content === "hello via nginx");

const gone = presence(alice.socket, "bob", "offline");
bob.socket.close();
const offline = await gone;
step("alice hears bob go offline (presence)", typeof offline.lastSeen === "string", JSON.stringify(offline));
for (const content of ["away 1", "away 2", "away 3"]) {
  const sent = await rest("alice", "POST", "/api/message", { conversationId, content });
  step(`POST /api/message "${content}" while bob is away`, sent.status === 201, `status ${sent.status}`);
}
const returned = presence(alice.socket, "bob", "online");
const back = connect("bob", { auth: { since: cursor } });
const missed = [];
back.socket.on("new_message", ({ message }) => missed.push(message.content));
await back.synced;
step("bob catches up with his cursor", JSON.stringify(missed) === JSON.stringify(["away 1", "away 2", "away 3"]),
  JSON.stringify(missed));
const online = await returned;
step("alice hears bob come back (presence)", online.lastSeen === offline.lastSeen, JSON.stringify(online));
const asked = await rest("alice", "GET", "/api/presence?users=bob,nobody");
step("GET /api/presence (realtime-push)", asked.status === 200 && asked.body.presence.length === 1
  && asked.body.presence[0].status === "online", JSON.stringify(asked.body));

alice.socket.close();
back.socket.close();
console.log(JSON.stringify({ complete: true }));
process.exit(0);
