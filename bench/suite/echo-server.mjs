// The raw WebSocket ceiling: a server on the `ws` package that does the least any chat server must do per message and
// nothing else (no storage, no broker, no auth check), speaking just enough Engine.IO v4 / Socket.IO v5 over the
// websocket transport that the very same load generator (socket.io-client) drives it as it drives Parley:
//  - CONNECT with `auth: { token, rooms: [conversationId…], replay?: N }`: joins those rooms, sends N `new_message`
//    events (the catch-up ceiling; the payload is the one Parley sent, handed over IPC), then `sync_complete`;
//  - `send_message` with ack: acks `{ ok: true, message }`, sends `message_sent` to the sender and `new_message` to
//    every other connection in the conversation's room, each payload shaped as Parley's;
//  - pings every 25 s as Engine.IO wants.
// permessage-deflate is negotiated as Parley's server does (it compresses every frame), unless ECHO_DEFLATE=0.
// Run by bench/suite.mjs as its own process: `node echo-server.mjs <port>`; it reports 'listening' over IPC.
import { WebSocketServer } from 'ws';

const port = Number(process.argv[2]);
const deflate = process.env.ECHO_DEFLATE !== '0';
const PING_INTERVAL = 25_000;
const rooms = new Map(); // conversationId -> { sockets: Set, participants: [] }
let replayPayload = { message: {}, conversation: {} };
let messageCount = 0;
let sidCount = 0;

const wss = new WebSocketServer({ port, host: '127.0.0.1', path: '/socket.io/', perMessageDeflate: deflate ? { threshold: 0 } : false });

const hex24 = (n) => n.toString(16).padStart(24, '0');
const emit = (ws, event, payload) => ws.send(`42${JSON.stringify([event, payload])}`);

function connect(ws, auth) {
  ws.user = String(auth.token ?? 'anonymous');
  ws.rooms = (auth.rooms ?? []).map(String);
  for (const id of ws.rooms) {
    let room = rooms.get(id);
    if (!room) rooms.set(id, (room = { sockets: new Set(), participants: [] }));
    room.sockets.add(ws);
    if (!room.participants.includes(ws.user)) room.participants.push(ws.user);
  }
  ws.send(`40${JSON.stringify({ sid: `s${++sidCount}` })}`);
  let cursor = 0;
  for (let i = 0; i < Number(auth.replay ?? 0); i++) {
    emit(ws, 'new_message', { ...replayPayload, eventId: `replay-${i}`, cursor: hex24(++cursor).slice(8) });
  }
  emit(ws, 'sync_complete', { cursor: hex24(cursor).slice(8) });
}

function sendMessage(ws, ackId, data) {
  const room = rooms.get(String(data.conversationId));
  const now = new Date().toISOString();
  const id = hex24(++messageCount);
  const message = {
    attachments: data.attachments ?? [], readBy: [], content: data.content, createdAt: now, deletedAt: null,
    isDeleted: false, sender: ws.user, _id: id, id, conversation: data.conversationId, seq: messageCount,
    clientMessageId: data.clientMessageId ?? null, updatedAt: now,
  };
  if (ackId !== '') ws.send(`43${ackId}${JSON.stringify([{ ok: true, message }])}`);
  const cursor = hex24(messageCount).slice(8);
  emit(ws, 'message_sent', { cursor, eventId: id, message });
  if (!room) return;
  const conversation = {
    groupName: null, _id: data.conversationId, id: data.conversationId, isGroup: room.participants.length > 2,
    participants: room.participants,
  };
  const frame = `42${JSON.stringify(['new_message', { cursor, eventId: id, message, conversation }])}`;
  for (const other of room.sockets) if (other !== ws) other.send(frame);
}

/** A Socket.IO packet inside an Engine.IO message: type, optional ack id, JSON data; main namespace only. */
function packet(ws, text) {
  const type = text[0];
  if (type === '0') return connect(ws, text.length > 1 ? JSON.parse(text.slice(1)) : {});
  if (type === '1') return ws.close();
  if (type !== '2') return undefined;
  let start = 1;
  while (text.charCodeAt(start) >= 48 && text.charCodeAt(start) <= 57) start++;
  const [event, data] = JSON.parse(text.slice(start));
  if (event === 'send_message') return sendMessage(ws, text.slice(1, start), data);
  if (start > 1) ws.send(`43${text.slice(1, start)}${JSON.stringify([{ ok: true }])}`);
  return undefined;
}

wss.on('connection', (ws) => {
  ws.send(`0${JSON.stringify({ sid: `e${++sidCount}`, upgrades: [], pingInterval: PING_INTERVAL, pingTimeout: 20_000, maxPayload: 1_000_000 })}`);
  ws.on('message', (data) => {
    const text = data.toString();
    if (text[0] === '4') packet(ws, text.slice(1));
    else if (text[0] === '1') ws.close();
  });
  ws.on('close', () => {
    for (const id of ws.rooms ?? []) rooms.get(id)?.sockets.delete(ws);
  });
});

setInterval(() => {
  for (const ws of wss.clients) ws.send('2');
}, PING_INTERVAL).unref();

process.on('message', (command) => {
  if (command.replayPayload) replayPayload = command.replayPayload;
  if (command.reset) rooms.clear();
});
process.on('disconnect', () => process.exit(0));
wss.on('listening', () => process.send?.({ listening: port }));
