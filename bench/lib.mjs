// Shared pieces of Parley's benchmarks: start a standalone on its own ports and data directory,
// mint tokens, time requests, summarise latencies. Everything runs on loopback.
import { spawn, execFileSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { io } from 'socket.io-client';

export const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
export const JAR = path.join(ROOT, 'standalone/target/parley.jar');

/**
 * Starts a standalone on `port` (Kafka on port + 1000 and + 1001, MongoDB on port + 2000, unless given) with a fresh
 * `dataDir`.
 * `jvmOptions` go to the JVM, and so does `JFR` when it is a JVM option (starts with `-`, e.g. `-XX:StartFlightRecording=filename=x.jfr`), is passed on.
 */
/**
 * The benchmarks drive each user far above any person's pace on purpose: the per-user limits (on sends, and on a
 * user's socket events per node) are lifted, except where the caller sets one itself (a property given twice on
 * Spring's command line would be read as a list).
 */
function unlimitedUsers(extraArgs) {
  return ['parley.limits.sends-per-second', 'parley.limits.send-burst',
    'parley.realtime.user-events-per-second', 'parley.realtime.user-event-burst']
    .filter((name) => !extraArgs.some((arg) => arg.startsWith(`--${name}=`)))
    .map((name) => `--${name}=1000000`);
}

export async function startParley({ port = 18080, kafkaPort = port + 1000, controllerPort = port + 1001,
  mongoPort = port + 2000, dataDir, extraArgs = [], jvmOptions = [], env = process.env }) {
  rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  const jfr = process.env.JFR?.startsWith('-') ? [process.env.JFR] : [];
  const args = [...jfr, ...jvmOptions, '-jar', JAR, `--server.port=${port}`, `--parley.data-dir=${dataDir}`,
    `--parley.embedded.kafka.port=${kafkaPort}`, `--parley.embedded.kafka.controller-port=${controllerPort}`,
    `--parley.embedded.mongo.port=${mongoPort}`, ...extraArgs, ...unlimitedUsers(extraArgs)];
  const child = spawn('java', args, { stdio: ['ignore', 'ignore', 'inherit'], env });
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`${base}/actuator/health`);
      if (res.ok) return { base, child, stop: () => stopChild(child) };
    } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 300));
  }
  child.kill('SIGKILL');
  throw new Error('Parley did not come up within 120 s');
}

function stopChild(child) {
  return new Promise((resolve) => {
    child.once('exit', resolve);
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 20_000).unref();
  });
}

export function token(user, dataDir) {
  return execFileSync('java', ['-jar', JAR, 'token', user, '--data-dir', dataDir]).toString().trim();
}

/** An HS256 token for `user` signed with `secret` (what the standalone is given as PARLEY_JWT_SECRET), as `token` mints. */
export function sign(user, secret, ttlSeconds = 24 * 3600) {
  const part = (json) => Buffer.from(JSON.stringify(json)).toString('base64url');
  const body = `${part({ alg: 'HS256', typ: 'JWT' })}.${part({ sub: user, exp: Math.floor(Date.now() / 1000) + ttlSeconds })}`;
  return `${body}.${createHmac('sha256', secret).update(body).digest('base64url')}`;
}

export async function call(base, tok, method, route, body) {
  const res = await fetch(base + route, {
    method,
    headers: { authorization: `Bearer ${tok}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const json = await res.json();
  if (res.status >= 400) throw new Error(`${method} ${route}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

export async function timed(fn) {
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** Runs `total` tasks with at most `inFlight` at once. */
export async function pool(total, inFlight, task) {
  let next = 0;
  const workers = Array.from({ length: inFlight }, async () => {
    while (next < total) await task(next++);
  });
  await Promise.all(workers);
}

export function summary(samples) {
  const sorted = Float64Array.from(samples).sort();
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { n: sorted.length, median: at(0.5), p95: at(0.95), p99: at(0.99), max: sorted[sorted.length - 1] };
}

/**
 * Connects with `auth` (`{ token, since }`); resolves at `sync_complete` with the events replayed before it, the time
 * from io() to sync_complete and to the first replayed event, and the cursor.
 */
export function catchUp(base, auth, transport) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    let replayed = 0;
    let first;
    const socket = io(base, { auth, transports: [transport], reconnection: false });
    socket.onAny((event, payload) => {
      if (event === 'presence') {
        return; // pushed live, never replayed
      }
      if (event !== 'sync_complete') {
        first ??= process.hrtime.bigint();
        replayed++;
        return;
      }
      const millis = Number(process.hrtime.bigint() - started) / 1e6;
      socket.close();
      const firstMillis = Number((first ?? process.hrtime.bigint()) - started) / 1e6;
      resolve({ millis, firstMillis, replayed, cursor: payload.cursor });
    });
    socket.on('connect_error', reject);
  });
}

/** Once a live connection is in (sync_complete): `heardAll`, resolved when it has heard `count` events (new messages). */
export function hear(base, tok, count, event = 'new_message') {
  return new Promise((resolve, reject) => {
    let heard = 0;
    const socket = io(base, { auth: { token: tok }, transports: ['websocket'], reconnection: false });
    socket.on('sync_complete', () => resolve({ heardAll: new Promise((done) => {
      socket.on(event, () => {
        if (++heard === count) {
          socket.close();
          done();
        }
      });
    }) }));
    socket.on('connect_error', reject);
  });
}

export function machine() {
  const java = execFileSync('java', ['-version'], { stdio: ['ignore', 'pipe', 'pipe'] });
  return {
    cpus: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'unknown'}`,
    memory: `${Math.round(os.totalmem() / 2 ** 30)} GiB`,
    os: `${os.type()} ${os.release()}`,
    node: process.version,
  };
}

export const ms = (value) => value.toFixed(2);
