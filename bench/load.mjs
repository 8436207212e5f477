// A quick fixed-rate 1:1 load for working on throughput (not the suite: no ceilings, no report file).
//   RATE=500 SECONDS=20 PAIRS=50 WARMUP=15 node bench/load.mjs
// Starts its own standalone (fresh data directory under bench/work/load, BENCH_PORT, default 18080) unless BASE names
// a running one (then SECRET is its JWT secret); prints sent, acked, delivered per second, send→deliver latency and
// send→ack latency (the command path alone, so a tail shows on which side of the event store it arises).
// JFR=<file> records a profile of the measured window (jcmd JFR.start on the standalone it started; JFR_SETTINGS=<.jfc>
// records other events than the profile settings, e.g. jdk.PromoteObjectInNewPLAB for what survives young GCs).
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { io } from 'socket.io-client';
import { ROOT, startParley, sign, call, summary } from './lib.mjs';

const env = process.env;
const rate = Number(env.RATE ?? 500);
const seconds = Number(env.SECONDS ?? 20);
const pairs = Number(env.PAIRS ?? 50);
const port = Number(env.BENCH_PORT ?? 18080);
const secret = env.SECRET ?? randomBytes(32).toString('hex');
const clock = () => performance.timeOrigin + performance.now();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

let parley = null;
let base = env.BASE;
if (!base) {
  parley = await startParley({ port, dataDir: path.join(ROOT, 'bench/work/load'), env: { ...env, JFR: '', PARLEY_JWT_SECRET: secret },
    jvmOptions: String(env.PARLEY_JVM_OPTS ?? '-Xmx8g').split(' ').filter(Boolean),
    extraArgs: ['--parley.realtime.events-per-second=100000', '--parley.realtime.event-burst=100000', '--management.health.mongo.enabled=false',
      ...String(env.PARLEY_ARGS ?? '').split(' ').filter(Boolean)] });
  base = parley.base;
}
const connect = (user) => new Promise((resolve, reject) => {
  const socket = io(base, { auth: { token: sign(user, secret) }, transports: ['websocket'], reconnection: false, forceNew: true });
  socket.once('sync_complete', () => resolve(socket));
  socket.once('connect_error', reject);
});
const run = randomBytes(3).toString('hex');
const senders = [];
const latencies = [];
const ackLatencies = [];
let delivered = 0;
let acked = 0;
let refused = 0;
let measuring = false;
for (let i = 0; i < pairs; i++) {
  const a = `la${run}${i}`;
  const b = `lb${run}${i}`;
  const conversationId = (await call(base, sign(a, secret), 'POST', '/api/conversation', { participants: [b], isGroup: false })).id;
  const [sa, sb] = await Promise.all([connect(a), connect(b)]);
  sb.on('new_message', ({ message }) => {
    const sentAt = Number(message.content.split(' ')[0]);
    if (!sentAt) return; // warm-up
    delivered++; latencies.push(clock() - sentAt);
  });
  senders.push({ socket: sa, conversationId });
}
// an uncounted warm-up (the JIT compiles the hot paths in the first seconds of load), then a pause to drain it
const warmup = Number(env.WARMUP ?? 15);
for (let i = 0, start = clock(); clock() - start < warmup * 1000; i++) {
  const { socket, conversationId } = senders[i % senders.length];
  socket.emit('send_message', { conversationId, content: `0 warm-up ${i}` });
  await sleep(1000 / 100);
}
await sleep(5000);
delivered = 0;
latencies.length = 0;
ackLatencies.length = 0;
console.log(`${pairs} pairs connected, warmed up for ${warmup} s; ${rate} msg/s for ${seconds} s`);
let jfrFile = null;
if (parley && env.JFR) {
  jfrFile = path.resolve(env.JFR);
  execFileSync('jcmd', [String(parley.child.pid), 'JFR.start', 'name=load', `settings=${env.JFR_SETTINGS ?? 'profile'}`, `filename=${jfrFile}`], { stdio: 'ignore' });
}
const cpuBefore = parley ? ticks(parley.child.pid) : 0;
measuring = true;
const started = clock();
let n = 0;
while (clock() - started < seconds * 1000) {
  const due = Math.floor(((clock() - started) / 1000) * rate);
  while (n < due) {
    const { socket, conversationId } = senders[n % senders.length];
    const sentAt = clock();
    socket.emit('send_message', { conversationId, content: `${sentAt} ${'x'.repeat(80)}` }, (ack) => {
      if (ack?.ok) { acked++; ackLatencies.push(clock() - sentAt); } else refused++;
    });
    n++;
  }
  await sleep(2);
}
const elapsed = (clock() - started) / 1000;
const cpu = parley ? (ticks(parley.child.pid) - cpuBefore) / 100 / elapsed : NaN;
const deadline = clock() + 15_000;
while (delivered < n && clock() < deadline) await sleep(50);
if (jfrFile) execFileSync('jcmd', [String(parley.child.pid), 'JFR.stop', 'name=load'], { stdio: 'ignore' });
const s = summary(latencies);
const a = summary(ackLatencies);
console.log(JSON.stringify({ offered: rate, sentPerS: Math.round(n / elapsed), acked, refused, delivered, lost: n - delivered,
  p50: s.median?.toFixed(1), p99: s.p99?.toFixed(1), max: s.max?.toFixed(1),
  ackP50: a.median?.toFixed(1), ackP99: a.p99?.toFixed(1), serverCores: cpu.toFixed(2), jfr: jfrFile }));
for (const { socket } of senders) socket.close();
if (parley) await parley.stop();
process.exit(0);

function ticks(pid) {
  const fields = execFileSync('cat', [`/proc/${pid}/stat`]).toString().split(') ')[1].split(' ');
  return Number(fields[11]) + Number(fields[12]);
}
