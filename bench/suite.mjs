// Issue 8's suite: Parley end to end and, in the same run on the same machine, the raw ceilings it is built on.
//   node bench/suite.mjs            full size (designed for under 15 min on a quiet 2-core machine)
//   QUICK=1 node bench/suite.mjs    every scenario at toy size (about 2 min), results under bench/work/suite/
// Scenarios: sustained 1:1 delivery (the maximum sustainable rate, then 25/50/100 % of it), group fan-out,
// idle connections (heap and RSS per connection), catch-up of missed events. Ceilings: a raw WebSocket echo server
// driven by the same load generator (measured first, alone: it is also the check that the generator keeps up),
// Kafka produce → consume on the standalone's own broker, MongoDB inserts into the standalone's own store.
// Sizes come from the environment (see bench/README.md); JFR=1 profiles Parley during each scenario.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { io } from 'socket.io-client';
import { MongoClient, BSON, ObjectId } from 'mongodb';
import { ROOT, startParley, sign, call, timed, summary, machine, catchUp, hear } from './lib.mjs';
import { child, clock, sleep, contentOf } from './suite/common.mjs';
import { reportOf } from './suite/report.mjs';

const env = process.env;
const QUICK = env.QUICK === '1';
const num = (name, full, quick) => Number(env[name] ?? (QUICK ? quick : full));
const list = (name, full, quick) => String(env[name] ?? (QUICK ? quick : full)).split(',').map(Number);

const config = {
  quick: QUICK,
  port: num('BENCH_PORT', 18080, 18080),
  workers: num('WORKERS', 2, 2),
  pairs: num('PAIRS', 50, 4),
  contentLength: num('CONTENT_LENGTH', 100, 100),
  eventsPerSecond: num('EVENTS_PER_SECOND', 100_000, 100_000),
  startRate: num('START_RATE', 25, 20),
  maxRate: num('MAX_RATE', 64_000, 400),
  stepSeconds: num('STEP_SECONDS', 5, 1.5),
  stepWarmup: num('STEP_WARMUP', 1, 0.5),
  stepDrain: num('STEP_DRAIN', 5, 2),
  stepP99: num('STEP_P99_MS', 500, 500),
  refine: num('REFINE', 2, 1),
  warmSeconds: num('WARM_SECONDS', 40, 2),
  warmRate: num('WARM_RATE', 100, 20),
  phaseSeconds: num('PHASE_SECONDS', 30, 2),
  phaseWarmup: num('PHASE_WARMUP', 3, 0.5),
  phaseDrain: num('PHASE_DRAIN', 15, 3),
  // not GROUPS: bash keeps that name for the user's group ids and drops an assignment to it without a word
  groups: list('GROUP_SIZES', '100,1000', '10,50'),
  fanoutSamples: num('FANOUT_SAMPLES', 100, 10),
  fanoutDeliveries: num('FANOUT_DELIVERIES', 50_000, 1_000),
  fanoutWindow: num('FANOUT_WINDOW', 20, 5),
  catchupEvents: num('CATCHUP_EVENTS', 10_000, 300),
  catchupRuns: num('CATCHUP_RUNS', 5, 2),
  catchupSenders: num('CATCHUP_SENDERS', 8, 2),
  connections: list('CONNECTIONS', '1000,5000,10000', '100,300'),
  connectConcurrency: num('CONNECT_CONCURRENCY', 100, 20),
  mongoSeconds: num('MONGO_SECONDS', 10, 2),
  mongoConcurrency: num('MONGO_CONCURRENCY', 16, 4),
  kafkaPartitions: 6,
  jfr: env.JFR ?? '',
  jvmOptions: String(env.PARLEY_JVM_OPTS ?? '-Xmx8g').split(' ').filter(Boolean),
};
const ports = { parley: config.port, kafka: config.port + 1000, mongo: config.port + 2000, echo: config.port + 3000 };
const workDir = path.join(ROOT, 'bench/work/suite');
const dataDir = path.join(workDir, 'parley');
const secret = randomBytes(32).toString('hex');
const maxGroup = Math.max(...config.groups);
const parleyArgs = [
  `--parley.realtime.events-per-second=${config.eventsPerSecond}`, `--parley.realtime.event-burst=${config.eventsPerSecond}`,
  `--parley.limits.max-participants=${Math.max(1000, maxGroup)}`,
  // Spring's own MongoDB health check sends `hello`, which the embedded store does not know; readiness is checked
  // by the suite's first requests instead
  '--management.health.mongo.enabled=false',
];
const range = (n) => Array.from({ length: n }, (_, i) => i);
const log = (...args) => console.log(`[${((clock() - suiteStart) / 1000).toFixed(0).padStart(4)} s]`, ...args);
const suiteStart = clock();

// ---------------------------------------------------------------------------------------------- processes, /proc

const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;

function procStatus(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name) => Number(status.match(new RegExp(`^${name}:\\s+(\\d+)`, 'm'))?.[1] ?? NaN);
  return { rssBytes: field('VmRSS') * 1024, threads: field('Threads') };
}

function cpuSecondsOf(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS; // utime, stime
}

function machineBusy() {
  const [, ...values] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).map(Number);
  const idle = values[3] + values[4];
  return { total: values.reduce((a, b) => a + b, 0), idle };
}

/** Live heap after a full collection, from the JVM itself. */
function jvmHeap(pid) {
  execFileSync('jcmd', [String(pid), 'GC.run'], { stdio: ['ignore', 'pipe', 'pipe'], timeout: 180_000 });
  const info = execFileSync('jcmd', [String(pid), 'GC.heap_info'], { timeout: 60_000 }).toString();
  const heap = info.match(/heap\s+total\s+(\d+)K, used\s+(\d+)K/);
  if (!heap) throw new Error(`cannot read GC.heap_info:\n${info}`);
  return { committedBytes: Number(heap[1]) * 1024, usedBytes: Number(heap[2]) * 1024 };
}

const processes = [];
async function stopAll() {
  for (const proc of processes.splice(0).reverse()) await proc.stop().catch(() => {});
}
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, async () => {
    await stopAll();
    process.exit(130);
  });
}

// ---------------------------------------------------------------------------------------------- targets

let parley; // { base, child, stop }
let parleyPid;

/** Parley: conversations over REST, tokens signed with the secret it was given. */
const parleyTarget = {
  name: 'Parley',
  get url() { return parley.base; },
  get pid() { return parleyPid; },
  auth: (user) => ({ token: sign(user, secret) }),
  async pair(sender, receiver) {
    return (await call(parley.base, sign(sender, secret), 'POST', '/api/conversation', { participants: [receiver], isGroup: false })).id;
  },
  async group(creator, members) {
    return (await call(parley.base, sign(creator, secret), 'POST', '/api/conversation',
      { participants: members.filter((m) => m !== creator), isGroup: true, groupName: `bench ${members.length}` })).id;
  },
};

/** The raw WebSocket echo server: conversations are rooms named in the handshake. */
let echo;
const echoTarget = {
  name: 'raw WebSocket',
  url: `http://127.0.0.1:${ports.echo}`,
  get pid() { return echo.pid; },
  auth: (user, rooms = []) => ({ token: user, rooms }),
  pair: async (sender, receiver) => `${sender}>${receiver}`,
  group: async (creator, members) => `${creator}+${members.length - 1}`,
};

let workers = [];

/**
 * Connects `clients` ([{ key, user, rooms }]) of `target`, spread over the workers as `workerOf(i)` says; throws if
 * any fails, unless `tolerate` (then each worker gives up after 20 failures and the counts are returned).
 */
async function connect(target, clients, workerOf, tolerate = false) {
  const perWorker = workers.map(() => []);
  clients.forEach((c, i) => perWorker[workerOf(i)].push({ key: c.key, auth: target.auth(c.user, c.rooms) }));
  const results = await Promise.all(workers.map((w, i) => (perWorker[i].length
    ? w.request('connect', { url: target.url, clients: perWorker[i], concurrency: config.connectConcurrency, abortAfter: tolerate ? 20 : undefined })
    : { connected: 0, failed: 0, notTried: 0, errors: {}, millis: 0 })));
  const add = (key) => results.reduce((a, r) => a + r[key], 0);
  const errors = {};
  for (const r of results) for (const [e, n] of Object.entries(r.errors)) errors[e] = (errors[e] ?? 0) + n;
  if (add('failed') && !tolerate) throw new Error(`${add('failed')} of ${clients.length} connections to ${target.name} failed: ${JSON.stringify(errors)}`);
  return { perWorker, millis: Math.max(...results.map((r) => r.millis)), connected: add('connected'), failed: add('failed'), notTried: add('notTried'), errors };
}

const closeAll = () => Promise.all(workers.map((w) => w.request('close')));

// ---------------------------------------------------------------------------------------------- fixed-rate steps

/**
 * Runs one fixed-rate step on `parts` ([{ proc, cmd, share }], each offering `share` of `rate`), samples the CPU of
 * `pid` and of the machine over the measured window, merges what the parts counted and waits until nothing of the
 * step is still on its way (or 60 s).
 */
async function runStep(parts, pid, rate, timing, tag) {
  const { seconds, warmup, drain } = timing;
  const cpu = {};
  const startSample = () => Object.assign(cpu, { from: clock(), pid: pid && cpuSecondsOf(pid), busy: machineBusy() });
  const endSample = () => {
    if (cpu.to) return;
    const busy = machineBusy();
    cpu.to = clock();
    cpu.server = pid ? (cpuSecondsOf(pid) - cpu.pid) / ((cpu.to - cpu.from) / 1000) : null;
    cpu.machine = 1 - (busy.idle - cpu.busy.idle) / (busy.total - cpu.busy.total);
  };
  const timers = [setTimeout(startSample, warmup * 1000), setTimeout(endSample, (warmup + seconds) * 1000)];
  const results = await Promise.all(parts.map(({ proc, cmd, share }) =>
    proc.request(cmd, { tag, rate: rate * share, seconds, warmup, drain, contentLength: config.contentLength })));
  if (cpu.from) endSample(); // the window has just ended, the timer may not have run yet
  for (const timer of timers) clearTimeout(timer);
  const until = clock() + 60_000;
  for (;;) {
    const pending = (await Promise.all(parts.map(({ proc }) => proc.request('pending')))).reduce((a, p) => a + p.pending, 0);
    if (pending === 0 || clock() > until) break;
    await sleep(200);
  }
  const add = (key) => results.reduce((a, r) => a + r[key], 0);
  const latencies = results.flatMap((r) => r.latencies);
  const rejected = {};
  for (const r of results) for (const [code, n] of Object.entries(r.rejected)) rejected[code] = (rejected[code] ?? 0) + n;
  return {
    rate,
    // what the window should have held, and the one message a process may be off by the window's edges
    expected: rate * seconds, slack: parts.length,
    sent: add('sentInWindow'), delivered: add('deliveredInWindow'),
    sentRate: add('sentInWindow') / seconds,
    acceptedRate: add('acceptedInWindow') / seconds,
    deliveredRate: add('deliveredInWindow') / seconds,
    latency: latencies.length ? summary(latencies) : null,
    lost: add('lost'),
    rejected,
    backlogAtEnd: add('backlogAtEnd'),
    serverCpu: cpu.server ?? null,
    generatorCpu: add('cpuSeconds') / seconds,
    machineCpu: cpu.machine ?? null,
  };
}

const generatorKeptUp = (step) => step.sent >= 0.97 * step.expected - step.slack;

function passes(step) {
  return generatorKeptUp(step) && step.delivered >= 0.95 * step.expected - step.slack && step.lost === 0
    && Object.keys(step.rejected).length === 0 && step.latency && step.latency.p99 <= config.stepP99;
}

const describe = (s) => `${Math.round(s.rate)} msg/s offered: sent ${Math.round(s.sentRate)}/s, delivered ${Math.round(s.deliveredRate)}/s, `
  + `p99 ${s.latency ? s.latency.p99.toFixed(1) : '-'} ms, lost ${s.lost}${Object.keys(s.rejected).length ? `, rejected ${JSON.stringify(s.rejected)}` : ''}`;

/**
 * The maximum sustainable rate: after an uncounted warm-up step (WARM_SECONDS at WARM_RATE), the offered rate doubles from
 * START_RATE while every message sent is delivered at that rate (within 95 %) with p99 under STEP_P99_MS (or halves
 * until a step holds, when START_RATE does not); then REFINE bisections between the last rate that held and the
 * first that did not. A step the generator could not offer (sent < 97 %) ends the search as generator-bound.
 */
async function findMax(label, step) {
  const steps = [];
  const timing = { seconds: config.stepSeconds, warmup: config.stepWarmup, drain: config.stepDrain };
  const run = async (rate) => {
    const s = await step(rate, timing, `m${steps.length}`);
    s.pass = passes(s);
    s.generatorBound = !generatorKeptUp(s);
    steps.push(s);
    log(`${label}: ${describe(s)} → ${s.pass ? 'holds' : 'does not hold'}${s.generatorBound ? ' (generator fell behind)' : ''}`);
    return s;
  };
  // a step first, not counted: a fresh JVM's first minute is mostly compilation, not capacity (on two cores the JIT
  // compiler takes a third of the CPU through a first 20 s of 1:1 load, an eighth through a third), and a server
  // in service is warm; the raw WebSocket server's JIT gets the same
  await step(config.warmRate, { ...timing, seconds: config.warmSeconds }, 'warm');
  let good = null;
  let bad = null;
  const first = await run(config.startRate);
  if (first.pass) {
    good = first;
    for (let rate = config.startRate * 2; rate <= config.maxRate; rate *= 2) {
      const s = await run(rate);
      if (!s.pass) { bad = s; break; }
      good = s;
    }
  } else {
    // below the start rate: halve until a step holds
    bad = first;
    for (let rate = Math.floor(config.startRate / 2); rate >= 1; rate = Math.floor(rate / 2)) {
      const s = await run(rate);
      if (s.pass) { good = s; break; }
      bad = s;
    }
  }
  for (let i = 0; i < config.refine && good && bad && !bad.generatorBound; i++) {
    const s = await run(Math.round((good.rate + bad.rate) / 2));
    if (s.pass) good = s;
    else bad = s;
  }
  const max = good ? good.rate : Math.floor(steps[0].deliveredRate);
  return { max, heldAtStart: Boolean(good), capped: !bad, generatorBound: Boolean(bad?.generatorBound), steps };
}

// ---------------------------------------------------------------------------------------------- scenarios

/** N senders and N receivers in 1:1 conversations, spread over the workers (a pair stays in one process). */
async function deliverySetup(target, prefix) {
  const pairs = [];
  for (const i of range(config.pairs)) {
    const sender = `${prefix}-s${i}`;
    const receiver = `${prefix}-r${i}`;
    pairs.push({ sender, receiver, conversationId: await target.pair(sender, receiver, i) });
  }
  const clients = pairs.flatMap((p) => [
    { key: p.sender, user: p.sender, rooms: [p.conversationId] }, { key: p.receiver, user: p.receiver, rooms: [p.conversationId] }]);
  await connect(target, clients, (i) => Math.floor(i / 2) % workers.length);
  const parts = [];
  for (const [w, proc] of workers.entries()) {
    const mine = pairs.filter((_, i) => i % workers.length === w);
    if (!mine.length) continue;
    await proc.request('delivery', { pairs: mine });
    parts.push({ proc, cmd: 'step', share: mine.length / pairs.length });
  }
  return { pairs, step: (rate, timing, tag) => runStep(parts, target.pid, rate, timing, `${prefix}${tag}`) };
}

async function phases(label, step, rates) {
  const timing = { seconds: config.phaseSeconds, warmup: config.phaseWarmup, drain: config.phaseDrain };
  const out = [];
  for (const [i, { fraction, rate }] of rates.entries()) {
    const s = await step(Math.max(1, Math.round(rate)), timing, `p${i}`);
    s.fraction = fraction;
    log(`${label} at ${Math.round(fraction * 100)} %: ${describe(s)}`);
    out.push(s);
  }
  return out;
}

/**
 * One sender into a group of `size`; receivers spread over the workers. With `readCounters` (Parley's), the result
 * holds the store cost of its messages (`store`: from the members connected and quiet to the last delivery) and the
 * counters at the start of it (`countersSettled`), for what came before.
 */
async function fanout(target, size, { readCounters, oneToOne = false, burstMessages } = {}) {
  const prefix = `${target === echoTarget ? 'e' : 'p'}g${size}`;
  const members = range(size).map((i) => `${prefix}-${i}`);
  const conversationId = oneToOne ? await target.pair(members[0], members[1]) : await target.group(members[0], members);
  const clients = members.map((user) => ({ key: user, user, rooms: [conversationId] }));
  const { perWorker } = await connect(target, clients, (i) => (i === 0 ? 0 : i % workers.length));
  const settled = await settle();
  log(`fan-out ${size} on ${target.name}: ${settled.events} events heard while the members connected, quiet after ${settled.seconds.toFixed(1)} s`);
  const countersSettled = readCounters && await readCounters();
  const sender = { proc: workers[0], key: members[0] };
  const listening = [];
  for (const [w, proc] of workers.entries()) {
    const keys = perWorker[w].map((c) => c.key).filter((key) => key !== sender.key);
    if (keys.length) listening.push({ proc, keys });
  }
  const done = new Map();
  const waiters = new Map();
  for (const { proc } of listening) {
    proc.on((event) => {
      if (event.event !== 'fanoutDone') return;
      const id = `${event.tag}/${event.n}`;
      done.set(id, (done.get(id) ?? 0) + 1);
      if (done.get(id) === listening.length) waiters.get(id)?.();
    });
  }
  const collect = async (tag) => {
    const per = await Promise.all(listening.map(({ proc }) => proc.request('fanoutCollect', { tag })));
    const seqs = new Map();
    for (const { seqs: entries } of per) {
      for (const [n, [count, first, last, sentAt]] of entries) {
        const seen = seqs.get(n) ?? { count: 0, first: Infinity, last: 0, sentAt };
        seen.count += count;
        seen.first = Math.min(seen.first, first);
        seen.last = Math.max(seen.last, last);
        seqs.set(n, seen);
      }
    }
    return seqs;
  };
  const receivers = size - 1;

  // latency: one message at a time, the next once every member has the last
  const latencyTag = `${prefix}l`;
  await Promise.all(listening.map(({ proc, keys }) => proc.request('fanoutListen', { tag: latencyTag, keys })));
  let timeouts = 0;
  for (const n of range(config.fanoutSamples)) {
    const all = new Promise((resolve) => {
      waiters.set(`${latencyTag}/${n}`, resolve);
      setTimeout(() => resolve('timeout'), 30_000).unref();
    });
    const ack = await sender.proc.request('send', { key: sender.key, conversationId, tag: latencyTag, n, contentLength: config.contentLength });
    if (!ack.ok) throw new Error(`fan-out send refused: ${ack.code}`);
    if ((await all) === 'timeout') {
      timeouts++;
      log(`fan-out ${size} on ${target.name}: message ${n} not with every member after 30 s; no more one at a time`);
      break;
    }
  }
  const latencySeqs = await collect(latencyTag);
  const last = [...latencySeqs.values()].map((s) => s.last - s.sentAt);
  // in send order, for results.json: when a slow message came, and whether its first member was slow too
  const series = [...latencySeqs.entries()].sort(([a], [b]) => a - b)
    .map(([n, s]) => ({ n, sentAt: new Date(s.sentAt).toISOString(), first: s.first - s.sentAt, last: s.last - s.sentAt }));
  const incomplete = [...latencySeqs.values()].filter((s) => s.count !== receivers).length + (config.fanoutSamples - latencySeqs.size);

  // throughput: a burst of messages, FANOUT_WINDOW unacknowledged at most
  const burstTag = `${prefix}b`;
  const count = burstMessages ?? Math.max(1, Math.ceil(config.fanoutDeliveries / receivers));
  await Promise.all(listening.map(({ proc, keys }) => proc.request('fanoutListen', { tag: burstTag, keys })));
  const burst = await sender.proc.request('burst', { key: sender.key, conversationId, tag: burstTag, count, window: config.fanoutWindow, contentLength: config.contentLength });
  const expected = burst.accepted * receivers;
  const until = clock() + 120_000;
  let seqs;
  for (;;) {
    seqs = await collect(burstTag);
    const got = [...seqs.values()].reduce((a, s) => a + s.count, 0);
    if (got >= expected || clock() > until) break;
    await sleep(200);
  }
  const deliveries = [...seqs.values()].reduce((a, s) => a + s.count, 0);
  const lastDelivery = Math.max(...[...seqs.values()].map((s) => s.last));
  const burstLast = [...seqs.values()].map((s) => s.last - s.sentAt);
  // the read models trail the feed a little: their writes belong to these messages too
  const store = readCounters && storeCost(countersSettled, await sleep(2000).then(readCounters));
  await closeAll();
  const result = {
    size, receivers,
    settled, countersSettled, store, latency: summary(last), series, samples: config.fanoutSamples, incomplete, timeouts,
    burst: { messages: count, accepted: burst.accepted, rejected: burst.rejected, deliveries, expected,
      seconds: (lastDelivery - burst.started) / 1000, lastDelivery: summary(burstLast) },
  };
  result.deliveriesPerSecond = deliveries / result.burst.seconds;
  log(`fan-out ${size} on ${target.name}: last delivery p99 ${result.latency.p99.toFixed(1)} ms (${incomplete} incomplete), `
    + `${Math.round(result.deliveriesPerSecond)} deliveries/s (${deliveries}/${expected})`);
  return result;
}

/**
 * Waits until the sockets hear nothing for a second (at most a minute): members who connect tell each other (Parley
 * pushes each one's presence to everyone who shares a conversation with them, a group of 1,000 about 10⁶ pushes), and
 * a fan-out measured meanwhile would measure that instead. Returns what was heard since connecting and how long it
 * took to fall quiet.
 */
async function settle() {
  const heard = async () => (await Promise.all(workers.map((proc) => proc.request('received', {}))))
    .reduce((a, r) => a + r.received, 0);
  const started = clock();
  const before = await heard();
  let last = before;
  for (;;) {
    await sleep(1000);
    const now = await heard();
    if (now === last || clock() - started > 60_000) return { events: now - before, seconds: (clock() - started) / 1000 - 1 };
    last = now;
  }
}

/**
 * Parley: bob takes his cursor and leaves; CATCHUP_SENDERS others send him CATCHUP_EVENTS messages between them over
 * sockets, each in a 1:1 conversation with him; once his live connection has heard them all, a fresh connection with
 * that cursor is timed.
 */
async function catchUpParley() {
  const bob = 'catchup-bob';
  const senders = range(config.catchupSenders).map((i) => `catchup-s${i}`);
  const conversations = [];
  const created = await hear(parley.base, sign(bob, secret), senders.length, 'conversation_created');
  for (const sender of senders) conversations.push(await parleyTarget.pair(sender, bob));
  // each creation is answered once durable and reaches bob's feed a moment later: his cursor is taken after all of
  // them, or the replay would count the last ones among the missed events
  await created.heardAll;
  const { cursor } = await catchUp(parley.base, { token: sign(bob, secret) }, 'websocket');
  const live = await hear(parley.base, sign(bob, secret), config.catchupEvents);
  await connect(parleyTarget, senders.map((user) => ({ key: user, user })), (i) => i % workers.length);
  const seedStart = clock();
  const bursts = await Promise.all(senders.map((key, i) => {
    const first = Math.floor((i * config.catchupEvents) / senders.length);
    const count = Math.floor(((i + 1) * config.catchupEvents) / senders.length) - first;
    return workers[i % workers.length].request('burst', { key, conversationId: conversations[i], tag: 'c', first, count, window: 16, contentLength: config.contentLength });
  }));
  const accepted = bursts.reduce((a, b) => a + b.accepted, 0);
  if (accepted !== config.catchupEvents) throw new Error(`catch-up seed: ${accepted} accepted, ${JSON.stringify(bursts.map((b) => b.rejected))}`);
  await live.heardAll;
  const seedSeconds = (clock() - seedStart) / 1000;
  await closeAll();
  return { seedSeconds, senders: senders.length, ...(await timeCatchUps(parley.base, { token: sign(bob, secret), since: cursor })) };
}

async function timeCatchUps(base, auth) {
  await catchUp(base, auth, 'websocket'); // warm-up, not counted
  const times = [];
  const firsts = [];
  for (const run of range(config.catchupRuns)) {
    const result = await catchUp(base, auth, 'websocket');
    if (result.replayed !== config.catchupEvents) throw new Error(`run ${run}: replayed ${result.replayed} events, not ${config.catchupEvents}`);
    times.push(result.millis);
    firsts.push(result.firstMillis);
  }
  return { events: config.catchupEvents, times: summary(times), first: summary(firsts) };
}

/**
 * Idle authenticated connections, added up to each level of CONNECTIONS; memory measured at each. A level where
 * connections fail (or the server is gone) is recorded with what failed, and ends the scenario.
 */
async function connections(target, withHeap) {
  const settle = async () => {
    await sleep(QUICK ? 500 : 3000);
    return { heap: withHeap ? jvmHeap(target.pid) : null, ...procStatus(target.pid) };
  };
  const baseline = await settle();
  const levels = [];
  let open = 0;
  for (const level of config.connections) {
    const clients = range(level - open).map((i) => {
      const user = `idle-${open + i}`;
      return { key: user, user };
    });
    const result = await connect(target, clients, (i) => (open + i) % workers.length, true);
    open += result.connected;
    if (result.failed || result.notTried) {
      const alive = existsSync(`/proc/${target.pid}`);
      levels.push({ connections: level, failedAt: open, failed: result.failed, errors: result.errors, serverAlive: alive,
        ...(alive ? procStatus(target.pid) : {}) });
      log(`${level} idle connections on ${target.name}: ${result.failed} failed with ${open} open (${JSON.stringify(result.errors)}); `
        + `${alive ? 'the server is still running' : 'the server has exited'}`);
      break;
    }
    const at = await settle();
    const per = (now, base) => (now - base) / level;
    levels.push({
      connections: level, connectMillis: result.millis, ...at,
      heapPerConnection: withHeap ? per(at.heap.usedBytes, baseline.heap.usedBytes) : null,
      rssPerConnection: per(at.rssBytes, baseline.rssBytes),
    });
    log(`${level} idle connections on ${target.name}: RSS ${(at.rssBytes / 2 ** 20).toFixed(0)} MiB`
      + (withHeap ? `, live heap ${(at.heap.usedBytes / 2 ** 20).toFixed(0)} MiB` : ''));
  }
  await closeAll();
  return { baseline, levels };
}

// ---------------------------------------------------------------------------------------------- JFR

const jfrDir = path.join(workDir, 'jfr');
const recordings = {};
async function profiled(scenario, fn) {
  const on = config.jfr === '1' || config.jfr.split(',').includes(scenario);
  if (!on) return fn();
  mkdirSync(jfrDir, { recursive: true });
  const file = path.join(jfrDir, `${scenario}.jfr`);
  execFileSync('jcmd', [String(parleyPid), 'JFR.start', `name=${scenario}`, 'settings=profile', `filename=${file}`], { stdio: 'ignore' });
  try {
    return await fn();
  } finally {
    execFileSync('jcmd', [String(parleyPid), 'JFR.stop', `name=${scenario}`], { stdio: 'ignore' });
    recordings[scenario] = path.relative(ROOT, file);
  }
}

// ---------------------------------------------------------------------------------------------- the run

/** A message over sockets on the fresh standalone, and what Parley made of it: its push, its Kafka record and its documents. */
async function probe() {
  const [alice, bob] = ['probe-alice', 'probe-bob'];
  const conversationId = await parleyTarget.pair(alice, bob);
  const open = (user) => new Promise((resolve, reject) => {
    const socket = io(parley.base, { auth: { token: sign(user, secret) }, transports: ['websocket'], reconnection: false, forceNew: true });
    socket.once('sync_complete', () => resolve(socket));
    socket.once('connect_error', reject);
  });
  const [sa, sb] = [await open(alice), await open(bob)];
  const pushed = new Promise((resolve) => sb.once('new_message', resolve));
  sa.emit('send_message', { conversationId, content: contentOf('probe', 0, clock(), config.contentLength) });
  const push = await pushed;
  sa.close();
  sb.close();
  const mongo = new MongoClient(`mongodb://127.0.0.1:${ports.mongo}`);
  await mongo.connect();
  const db = mongo.db('parley');
  const { message, eventId } = push;
  // the read model and the feed are written after the event is stored, each on its own: wait for all of them
  const queries = [['domainevents', { eventIdentifier: eventId }, 1], ['messages', { _id: `${conversationId}:${message.seq}` }, 1],
    ['message_ids', { _id: new ObjectId(message.id) }, 1], ['feed_stream', { eventId }, 1]];
  const documents = [];
  for (const [collection, query, count] of queries) {
    let docs = [];
    for (const until = clock() + 30_000; docs.length < count && clock() < until; await sleep(100)) {
      docs = await db.collection(collection).find(query).toArray();
    }
    if (docs.length < count) throw new Error(`probe: ${docs.length} ${collection} documents for the message, not ${count}`);
    const unique = (await db.collection(collection).listIndexes().toArray())
      .filter((index) => index.unique && index.name !== '_id_').map((index) => Object.keys(index.key));
    for (const doc of docs) documents.push({ collection, document: BSON.EJSON.stringify(doc, { relaxed: false }), unique });
  }
  await mongo.close();
  const { eventId: _e, cursor: _c, ...replayPayload } = push;
  return { push, replayPayload, documents, eventId };
}

const STORE_WRITES = new Set(['insert', 'update', 'delete', 'findAndModify']);

/**
 * Parley's counters from /actuator/prometheus, summed over their labels; the MongoDB driver's command count
 * (`mongodb_driver_commands_seconds_count`, from its command listener) also as `store_writes` (inserts, updates,
 * deletes) and `store_commands_<command>`.
 */
async function counters() {
  const text = await (await fetch(`${parley.base}/actuator/prometheus`)).text();
  const sums = {};
  const add = (name, value) => { sums[name] = (sums[name] ?? 0) + value; };
  for (const line of text.split('\n')) {
    const match = /^([a-z_]+)(?:\{([^}]*)\})? ([0-9.eE+-]+)$/.exec(line);
    if (!match) continue;
    add(match[1], Number(match[3]));
    if (match[1] === 'mongodb_driver_commands_seconds_count') {
      const command = /command="([^"]*)"/.exec(match[2] ?? '')?.[1];
      add(`store_commands_${command}`, Number(match[3]));
      if (STORE_WRITES.has(command)) add('store_writes', Number(match[3]));
    }
  }
  return sums;
}

/** Store commands and writes a message cost between two readings of the counters. */
function storeCost(before, after) {
  const delta = (name) => (after[name] ?? 0) - (before[name] ?? 0);
  const messages = delta('parley_messages_sent_total');
  const commands = delta('mongodb_driver_commands_seconds_count');
  const writes = delta('store_writes');
  const byCommand = Object.fromEntries(Object.keys(after).filter((k) => k.startsWith('store_commands_'))
    .map((k) => [k.slice('store_commands_'.length), messages ? delta(k) / messages : 0]).filter(([, n]) => n > 0));
  return { messages, commands, writes, commandsPerMessage: messages ? commands / messages : 0,
    writesPerMessage: messages ? writes / messages : 0, byCommand };
}

/**
 * The commit path on an idle Parley: sequential REST sends, each answered only once its event is committed. With
 * {@code pauseMs} each starts after the one before has been carried through (Kafka, projections, feed), so the
 * machine is idle when it starts; without, each overlaps the processing of the one before.
 */
async function idleSends(samples, pauseMs) {
  const [alice, bob] = ['idle-alice', 'idle-bob'];
  const conversationId = await parleyTarget.pair(alice, bob);
  const token = sign(alice, secret);
  const times = [];
  for (let i = 0; i < samples; i++) {
    times.push(await timed(() => call(parley.base, token, 'POST', '/api/message', { conversationId, content: `idle ${i}` })));
    if (pauseMs) await sleep(pauseMs);
  }
  return { ...summary(times), pauseMs };
}

/** What the delivery scenario cost in commits of the embedded store, from the counters before and after it. */
function commitPath(before, after, seconds) {
  const delta = (name) => (after[name] ?? 0) - (before[name] ?? 0);
  const commits = delta('parley_store_commits_total');
  const messages = delta('parley_messages_sent_total');
  const commitSeconds = delta('parley_store_commit_seconds_total');
  return { commits, messages, commitSeconds, seconds, perSecond: commits / seconds,
    messagesPerCommit: commits ? messages / commits : 0, meanCommitMs: commits ? (commitSeconds * 1000) / commits : 0 };
}

async function main() {
  rmSync(workDir, { recursive: true, force: true });
  mkdirSync(workDir, { recursive: true });
  const results = {
    config, ports, started: new Date().toISOString(), machine: machine(), loadBefore: os.loadavg(),
    openFiles: execFileSync('/bin/sh', ['-c', 'echo "$(ulimit -n) soft, $(ulimit -Hn) hard"']).toString().trim(),
    recordings,
  };
  log(`suite${QUICK ? ' (QUICK)' : ''}: ${JSON.stringify(config)}`);

  workers = range(config.workers).map(() => child(path.join(ROOT, 'bench/suite/worker.mjs')));
  processes.push(...workers);
  echo = child(path.join(ROOT, 'bench/suite/echo-server.mjs'), [String(ports.echo)]);
  processes.push(echo);
  await new Promise((resolve) => echo.on((m) => m.listening && resolve()));

  // 1. the generator alone, against the raw WebSocket server: the ceiling of delivery, and the generator's own
  log('delivery on the raw WebSocket server (the load generator alone)');
  let echoDelivery = await deliverySetup(echoTarget, 'e');
  results.echoDelivery = await findMax('raw WebSocket', echoDelivery.step);
  await closeAll();

  // 2. Parley
  log('starting Parley');
  parley = await startParley({ port: ports.parley, dataDir, extraArgs: parleyArgs, jvmOptions: config.jvmOptions, env: { ...env, PARLEY_JWT_SECRET: secret } });
  processes.push({ stop: () => parley.stop() });
  parleyPid = parley.child.pid;
  results.jvm = execFileSync('jcmd', [String(parleyPid), 'VM.flags']).toString().split('\n').slice(1).join(' ').trim();
  const captured = await probe();
  log('Parley is up; probe message captured');

  const countersBefore = await counters();
  let sustainedStore = null;
  const deliveryStart = clock();
  results.delivery = await profiled('delivery', async () => {
    const d = await deliverySetup(parleyTarget, 'p');
    const found = await findMax('Parley', d.step);
    const ph = await phases('Parley', d.step, [0.25, 0.5].map((fraction) => ({ fraction, rate: found.max * fraction })));
    // the store's cost at sustained load: the 100 % phase alone (its warm-up, window and drain)
    const sustainedBefore = await counters();
    ph.push(...await phases('Parley', d.step, [{ fraction: 1, rate: found.max }]));
    sustainedStore = storeCost(sustainedBefore, await counters());
    await closeAll();
    return { ...found, phases: ph, conversationIds: d.pairs.map((p) => p.conversationId) };
  });
  const countersAfter = await counters();
  results.commitPath = commitPath(countersBefore, countersAfter, (clock() - deliveryStart) / 1000);
  results.deliveryStore = storeCost(countersBefore, countersAfter);
  results.sustainedStore = sustainedStore;
  const half = results.delivery.max / 2;

  // the raw WebSocket server at Parley's rates, for latency at the same load
  echoDelivery = await deliverySetup(echoTarget, 'e2');
  results.echoPhases = await phases('raw WebSocket', echoDelivery.step,
    [{ fraction: 0.5, rate: half }]);
  await closeAll();

  // the idle send on a warm Parley (a server in service has compiled its send path; right after the start its first
  // sends are interpreted), once the delivery scenario's last messages are through
  await sleep(3000);
  // uncounted, and before the store counters: the REST path (Tomcat, Spring MVC, Jackson) is not the sockets' and is
  // compiled only by its own use
  const warm = { conversationId: await parleyTarget.pair('idle-alice', 'idle-bob'), token: sign('idle-alice', secret) };
  for (let i = 0; i < (QUICK ? 20 : 200); i++) {
    await call(parley.base, warm.token, 'POST', '/api/message', { conversationId: warm.conversationId, content: `warm ${i}` });
  }
  await sleep(2000);
  const idleBefore = await counters();
  results.idleSend = await idleSends(QUICK ? 20 : 200, 50);
  await sleep(2000); // the processors finish the last sends
  results.idleStore = storeCost(idleBefore, await counters());
  results.backToBackSend = await idleSends(QUICK ? 20 : 200, 0);
  await sleep(2000);
  log(`idle REST send p50 ${results.idleSend.median.toFixed(1)} ms (each after its commit), `
    + `back to back ${results.backToBackSend.median.toFixed(1)} ms`);

  // 3. Kafka and MongoDB ceilings on the standalone's own broker and store
  const ceilings = child(path.join(ROOT, 'bench/suite/ceilings.mjs'));
  processes.push(ceilings);
  results.kafkaRecord = await ceilings.request('kafkaSetup', {
    brokers: [`127.0.0.1:${ports.kafka}`], topic: 'bench.roundtrip', partitions: config.kafkaPartitions,
    eventId: captured.eventId, keys: results.delivery.conversationIds,
  });
  const kafkaParts = [{ proc: ceilings, cmd: 'kafkaStep', share: 1 }];
  const kafkaStep = (rate, timing, tag) => runStep(kafkaParts, parleyPid, rate, timing, `k${tag}`);
  results.kafka = await findMax('Kafka', kafkaStep);
  results.kafkaPhases = await phases('Kafka', kafkaStep, [{ fraction: 0.5, rate: half }]);
  await ceilings.request('kafkaStop');
  const mongo = await ceilings.request('mongo', {
    uri: `mongodb://127.0.0.1:${ports.mongo}`, documents: captured.documents, seconds: config.mongoSeconds, concurrency: config.mongoConcurrency,
  });
  results.mongo = { inserted: mongo.inserted, seconds: mongo.seconds, perMessage: mongo.perMessage, latency: summary(mongo.latencies),
    collections: captured.documents.map((d) => d.collection), bytes: captured.documents.map((d) => d.document.length) };
  log(`MongoDB: ${Math.round(mongo.inserted / mongo.seconds)} inserts/s, ${mongo.perMessage} documents a message`);

  // 4. group fan-out
  results.fanout = await profiled('fanout', async () => {
    // the reference for what a message costs the store: a 1:1 conversation sent to exactly as the largest group
    const largest = Math.max(...config.groups);
    const pair = await fanout(parleyTarget, 2, { readCounters: counters, oneToOne: true,
      burstMessages: Math.max(1, Math.ceil(config.fanoutDeliveries / (largest - 1))) });
    results.fanoutOneToOne = { store: pair.store };
    const out = [];
    for (const size of config.groups) {
      const before = await counters();
      const { countersSettled, ...result } = await fanout(parleyTarget, size, { readCounters: counters });
      // the group's creation and the members' connecting (each opens its feed), apart from its messages' cost
      out.push({ parley: { ...result, connecting: storeCost(before, countersSettled) } });
    }
    return out;
  });
  for (const [i, size] of config.groups.entries()) results.fanout[i].echo = await fanout(echoTarget, size);

  // 5. catch-up
  results.catchup = await profiled('catchup', catchUpParley);
  echo.post({ replayPayload: captured.replayPayload });
  results.echoCatchup = await timeCatchUps(echoTarget.url, { token: 'catchup-bob', since: '0', replay: config.catchupEvents });
  log(`catch-up of ${config.catchupEvents}: Parley median ${results.catchup.times.median.toFixed(0)} ms, raw WebSocket ${results.echoCatchup.times.median.toFixed(0)} ms`);

  // 6. idle connections, Parley's last: it may not survive the largest level
  results.echoConnections = await connections(echoTarget, false);
  results.connections = await profiled('connections', () => connections(parleyTarget, true));

  results.loadAfter = os.loadavg();
  results.seconds = (clock() - suiteStart) / 1000;
  await stopAll();

  const date = results.started.slice(0, 10);
  writeFileSync(path.join(workDir, 'results.json'), JSON.stringify(results, null, 1));
  const report = reportOf(results);
  const file = QUICK ? path.join(workDir, `${date}-suite-quick.md`) : path.join(ROOT, `bench/results/${date}-suite.md`);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, report.markdown);
  console.log(report.markdown);
  log(`wrote ${path.relative(ROOT, file)} (all figures also in ${path.relative(ROOT, workDir)}/results.json)`);
  if (report.worst) log(`worst ratio: ${report.worst.what}${recordings[report.worst.scenario] ? `; its profile: ${recordings[report.worst.scenario]}` : ''}`);
}

main().catch(async (error) => {
  console.error(error);
  await stopAll();
  process.exit(1);
});
