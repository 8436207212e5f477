// Pieces shared by the suite and its processes: one clock for all of them, the benchmark message's content,
// child processes that answer requests over IPC.
import { spawn } from 'node:child_process';

/** Milliseconds on a clock that agrees across the processes of one machine. */
export const clock = () => performance.timeOrigin + performance.now();
export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** `<tag> <n> <sent at>` padded with `x` to `length` characters. */
export function contentOf(tag, n, sentAt, length = 100) {
  const head = `${tag} ${n} ${sentAt.toFixed(3)} `;
  return head.length >= length ? head : head + 'x'.repeat(length - head.length);
}

export function parseContent(content, tag) {
  if (typeof content !== 'string' || !content.startsWith(`${tag} `)) return null;
  const [, n, sentAt] = content.split(' ', 3);
  return { n: Number(n), sentAt: Number(sentAt) };
}

/**
 * One fixed-rate step of a delivery benchmark in one process: offers `rate` messages/s for `warmup` + `seconds`, open
 * loop, and counts what was accepted and delivered in the measured window (the last `seconds`) and the latency of
 * every message sent in it. `run(send, flush)` calls `send(n, sentAt)` for each message when it is due (`flush()` after
 * each tick, for senders that batch); the caller reports `ack(ok, code)` and `delivered(content)`.
 */
export class Step {
  constructor({ tag, rate, seconds, warmup }) {
    Object.assign(this, { tag, rate, seconds });
    this.t0 = clock();
    this.from = this.t0 + warmup * 1000;
    this.to = this.from + seconds * 1000;
    this.s = {
      sent: 0, sentInWindow: 0, acceptedInWindow: 0, rejected: {}, delivered: 0, deliveredInWindow: 0,
      windowDelivered: 0, latencies: [], backlogAtEnd: 0,
    };
  }

  inWindow(at) {
    return at >= this.from && at < this.to;
  }

  ack(ok, code) {
    if (!ok) this.s.rejected[code] = (this.s.rejected[code] ?? 0) + 1;
    else if (this.inWindow(clock())) this.s.acceptedInWindow++;
  }

  delivered(content) {
    const parsed = parseContent(content, this.tag);
    if (!parsed) return;
    const now = clock();
    this.s.delivered++;
    if (this.inWindow(now)) this.s.deliveredInWindow++;
    if (this.inWindow(parsed.sentAt)) {
      this.s.windowDelivered++;
      this.s.latencies.push(Math.round((now - parsed.sentAt) * 100) / 100);
    }
  }

  get pending() {
    return this.s.sent - this.s.delivered;
  }

  async run(send, flush = () => {}) {
    const s = this.s;
    const cpu = process.cpuUsage();
    while (clock() < this.to) {
      const now = clock();
      if (!this.cpuFrom && now >= this.from) this.cpuFrom = process.cpuUsage();
      const due = Math.floor(((now - this.t0) / 1000) * this.rate);
      while (s.sent < due) {
        const sentAt = clock();
        if (this.inWindow(sentAt)) s.sentInWindow++;
        send(s.sent++, sentAt);
      }
      flush();
      await sleep(2);
    }
    const window = process.cpuUsage(this.cpuFrom ?? cpu);
    s.cpuSeconds = (window.user + window.system) / 1e6;
    s.backlogAtEnd = this.pending;
  }

  /** Waits up to `seconds` for the window's messages still on their way; the result. */
  async drain(seconds) {
    const until = clock() + seconds * 1000;
    while (this.s.windowDelivered < this.s.sentInWindow && clock() < until) await sleep(10);
    const { latencies, ...rest } = this.s;
    return { ...rest, latencies: [...latencies], lost: this.s.sentInWindow - this.s.windowDelivered, windowSeconds: this.seconds };
  }
}

/**
 * Starts `script` as a Node process with an IPC channel and as many open files as the hard limit allows (thousands of
 * sockets); `request(cmd, args)` resolves with its answer, `on(fn)` hears what it sends unasked.
 */
export function child(script, args = [], env = process.env) {
  const proc = spawn('/bin/sh', ['-c', 'ulimit -n "$(ulimit -Hn)" 2>/dev/null; exec "$0" "$@"', process.execPath, script, ...args],
    { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], env });
  const pending = new Map();
  const listeners = [];
  let nextId = 0;
  proc.on('message', (message) => {
    const waiting = message.id !== undefined && pending.get(message.id);
    if (!waiting) {
      for (const listener of listeners) listener(message);
      return;
    }
    pending.delete(message.id);
    if (message.error) waiting.reject(new Error(`${script}: ${message.error}`));
    else waiting.resolve(message.result);
  });
  const exited = new Promise((resolve) => proc.once('exit', resolve));
  proc.once('exit', (code) => {
    for (const { reject } of pending.values()) reject(new Error(`${script} exited with ${code}`));
  });
  return {
    pid: proc.pid,
    request: (cmd, args = {}) => new Promise((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      proc.send({ id, cmd, ...args });
    }),
    post: (message) => proc.send(message),
    on: (listener) => listeners.push(listener),
    stop: async () => {
      if (proc.exitCode === null) {
        if (proc.connected) proc.disconnect();
        setTimeout(() => proc.kill('SIGKILL'), 5000).unref();
        await exited;
      }
    },
  };
}

/** In such a process: answers each request ({ id, cmd, ...args }) with `commands[cmd](args)`; exits with its parent. */
export function serve(commands) {
  process.on('message', async ({ id, cmd, ...args }) => {
    try {
      process.send({ id, result: await commands[cmd](args) });
    } catch (error) {
      process.send({ id, error: error.stack ?? String(error) });
    }
  });
  process.on('disconnect', () => process.exit(0));
}
