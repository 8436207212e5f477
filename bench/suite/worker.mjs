// One load-generator process of bench/suite.mjs: holds socket.io-client connections (websocket transport) to Parley
// or to the raw echo server and runs what the suite asks over IPC ({ id, cmd, ...args } → { id, result | error }).
// Every message carries `<tag> <n> <sent at, ms>` in its content; a receiver takes its latency from that, on the
// same clock in every process (performance.timeOrigin + performance.now()).
import { io } from 'socket.io-client';
import { clock, contentOf, parseContent, Step, serve } from './common.mjs';

const sockets = new Map(); // key -> socket
let senders = []; // [{ socket, conversationId }] of the delivery scenario
let step = null; // the last delivery step (its late deliveries still count as delivered)
const fanouts = new Map(); // tag -> { expected, notify, seqs: Map(seq -> [count, first, last]) }
let received = 0; // events of any kind heard by this process's sockets since they connected

function connectOne(url, key, auth, timeoutMs) {
  return new Promise((resolve) => {
    const socket = io(url, { auth, transports: ['websocket'], reconnection: false, forceNew: true, timeout: timeoutMs });
    const timer = setTimeout(() => { socket.close(); resolve('timeout'); }, timeoutMs);
    socket.once('sync_complete', () => {
      clearTimeout(timer);
      socket.onAny(() => { received++; });
      sockets.set(key, socket);
      resolve(null);
    });
    socket.once('connect_error', (error) => {
      clearTimeout(timer);
      socket.close();
      resolve(error.message);
    });
  });
}

const commands = {
  /**
   * Opens `clients` ([{ key, auth }]), at most `concurrency` handshakes at once; each counts once at sync_complete.
   * After `abortAfter` failures it starts no more.
   */
  async connect({ url, clients, concurrency = 50, timeoutMs = 30_000, abortAfter = Infinity }) {
    const started = clock();
    const errors = {};
    let failed = 0;
    let next = 0;
    await Promise.all(Array.from({ length: Math.min(concurrency, clients.length) }, async () => {
      while (next < clients.length && failed < abortAfter) {
        const { key, auth } = clients[next++];
        const error = await connectOne(url, key, auth, timeoutMs);
        if (error) {
          errors[error] = (errors[error] ?? 0) + 1;
          failed++;
        }
      }
    }));
    const connected = next - failed;
    return { connected, failed, notTried: clients.length - next, errors, millis: clock() - started };
  },

  /** How many events (of any kind: presence, messages, ...) this process's sockets have heard so far. */
  received() {
    return { received };
  },

  close({ keys } = {}) {
    for (const key of keys ?? [...sockets.keys()]) {
      sockets.get(key)?.close();
      sockets.delete(key);
    }
    senders = [];
    fanouts.clear();
    return { open: sockets.size };
  },

  /** The delivery scenario's roles: each sender sends to its conversation, each receiver counts what arrives. */
  delivery({ pairs }) {
    senders = pairs.map(({ sender, conversationId }) => ({ socket: sockets.get(sender), conversationId }));
    for (const { receiver } of pairs) {
      sockets.get(receiver).on('new_message', ({ message }) => step?.delivered(message.content));
    }
    return { senders: senders.length };
  },

  /** One fixed-rate step (see Step) at this process's share of the rate, round robin over its senders. */
  async step({ tag, rate, seconds, warmup, drain, contentLength }) {
    const current = new Step({ tag, rate, seconds, warmup });
    step = current;
    await current.run((n, sentAt) => {
      const { socket, conversationId } = senders[n % senders.length];
      socket.emit('send_message', { conversationId, content: contentOf(tag, n, sentAt, contentLength) },
        (ack) => current.ack(Boolean(ack?.ok), ack?.error?.code ?? 'no_ack'));
    });
    return current.drain(drain);
  },

  /** Messages of the last step sent but not delivered yet. */
  pending() {
    return { pending: step?.pending ?? 0 };
  },

  /** Receivers of a group: per message of `tag`, how many of them got it, first and last arrival. */
  fanoutListen({ tag, keys }) {
    const entry = { expected: keys.length, seqs: new Map() };
    fanouts.set(tag, entry);
    for (const key of keys) {
      sockets.get(key).on('new_message', ({ message }) => {
        const parsed = parseContent(message.content, tag);
        if (!parsed) return;
        const now = clock();
        let seen = entry.seqs.get(parsed.n);
        if (!seen) entry.seqs.set(parsed.n, (seen = [0, now, now, parsed.sentAt]));
        seen[0]++;
        seen[2] = now;
        if (seen[0] === entry.expected) process.send({ event: 'fanoutDone', tag, n: parsed.n });
      });
    }
    return { listening: keys.length };
  },

  fanoutCollect({ tag }) {
    const entry = fanouts.get(tag);
    return { seqs: entry ? [...entry.seqs.entries()] : [] };
  },

  /** Sends message `n` of `tag` from `key`; answers with its ack. */
  send({ key, conversationId, tag, n, contentLength }) {
    return new Promise((resolve) => {
      sockets.get(key).emit('send_message', { conversationId, content: contentOf(tag, n, clock(), contentLength) },
        (ack) => resolve({ ok: Boolean(ack?.ok), code: ack?.error?.code }));
    });
  },

  /** Sends messages `first`… `first + count - 1` of `tag` from `key`, at most `window` unacknowledged at once. */
  async burst({ key, conversationId, tag, first = 0, count, window, contentLength }) {
    const socket = sockets.get(key);
    const started = clock();
    const rejected = {};
    let next = 0;
    let accepted = 0;
    await Promise.all(Array.from({ length: Math.min(window, count) }, async () => {
      while (next < count) {
        const n = first + next++;
        const ack = await new Promise((resolve) => socket.emit('send_message',
          { conversationId, content: contentOf(tag, n, clock(), contentLength) }, resolve));
        if (ack?.ok) accepted++;
        else rejected[ack?.error?.code ?? 'no_ack'] = (rejected[ack?.error?.code ?? 'no_ack'] ?? 0) + 1;
      }
    }));
    return { accepted, rejected, started, millis: clock() - started };
  },

  stats() {
    return { open: sockets.size, rss: process.memoryUsage().rss, pid: process.pid };
  },
};

serve(commands);
