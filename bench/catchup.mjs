// Issue 6's benchmark: how long does a member who was away take to catch up on 10,000 missed events?
// Bob takes his cursor and leaves; alice sends EVENTS messages to their conversation over REST; once a live
// connection of bob's has heard the last one (every event is in the feed stream), a fresh connection with that cursor
// is timed from io() to sync_complete, RUNS times per transport, each checked to replay exactly EVENTS events.
// Starts its own standalone (fresh data dir, ports 18080/19080/19081/20080), so nothing else may use them.
import { writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { ROOT, startParley, token, call, pool, summary, machine, ms, catchUp, hear } from './lib.mjs';

const EVENTS = Number(process.env.EVENTS ?? 10_000);
const RUNS = Number(process.env.RUNS ?? 10);
const dataDir = path.join(ROOT, 'bench/work/catchup');

const parley = await startParley({ dataDir });
try {
  const alice = token('alice', dataDir);
  const bob = token('bob', dataDir);
  const { id: conversationId } = await call(parley.base, alice, 'POST', '/api/conversation',
    { participants: ['bob'], isGroup: true, groupName: 'away' });

  const { cursor } = await catchUp(parley.base, { token: bob }, 'websocket');
  const live = await hear(parley.base, bob, EVENTS);
  const seedStart = Date.now();
  await pool(EVENTS, 32,
    (i) => call(parley.base, alice, 'POST', '/api/message', { conversationId, content: `missed ${i}` }));
  await live.heardAll;
  const seedSeconds = (Date.now() - seedStart) / 1000;
  console.log(`${EVENTS} events in bob's feed after ${seedSeconds.toFixed(1)} s`);

  const rows = [];
  for (const transport of ['websocket', 'polling']) {
    await catchUp(parley.base, { token: bob, since: cursor }, transport); // warm-up, not counted
    const times = [];
    const firsts = [];
    for (let run = 0; run < RUNS; run++) {
      const result = await catchUp(parley.base, { token: bob, since: cursor }, transport);
      if (result.replayed !== EVENTS) throw new Error(`replayed ${result.replayed} events, not ${EVENTS}`);
      times.push(result.millis);
      firsts.push(result.firstMillis);
    }
    const s = summary(times);
    console.log(`${transport}: median ${ms(s.median)} ms, max ${ms(s.max)} ms, first event ${ms(summary(firsts).median)} ms`);
    const perSecond = Math.round(EVENTS / (s.median / 1000));
    const first = summary(firsts).median;
    rows.push(`| ${transport} | ${s.n} | ${ms(s.median)} | ${ms(Math.min(...times))} | ${ms(s.max)} | ${ms(first)} `
      + `| ${perSecond} |`);
  }

  const m = machine();
  const date = new Date().toISOString().slice(0, 10);
  mkdirSync(path.join(ROOT, 'bench/results'), { recursive: true });
  const file = path.join(ROOT, `bench/results/${date}-catchup.md`);
  writeFileSync(file, `# Catch-up benchmark, ${date}

Command: \`./mvnw -q -DskipTests package && npm ci --prefix bench && node bench/catchup.mjs\` (from the repository root)

Machine: ${m.cpus}, ${m.memory}, ${m.os}; Node ${m.node}; Parley standalone on the embedded default
(in-process Kafka, mongo-java-server on disk), the client (socket.io-client 4.8.4) a separate process on loopback.

Bob leaves with his cursor; alice sends ${EVENTS.toLocaleString('en')} messages to their conversation over REST
(32 at a time; all in bob's feed ${seedSeconds.toFixed(1)} s later). Each run is a fresh connection with
\`auth: { token, since }\`, timed from \`io()\` to \`sync_complete\` (handshake, token check, ${EVENTS.toLocaleString('en')}
\`new_message\` events read from the feed and delivered), after one warm-up run per transport. Every run was checked
to replay exactly ${EVENTS.toLocaleString('en')} events.

| transport | runs | median ms | min ms | max ms | first event ms (median) | events/s (median) |
| --- | ---: | ---: | ---: | ---: | ---: | ---: |
${rows.join('\n')}

Goal: under 1 s for ${EVENTS.toLocaleString('en')} events.
`);
  console.log(`wrote ${path.relative(ROOT, file)}`);
} finally {
  await parley.stop();
}
