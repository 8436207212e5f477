// Issue 4's benchmark: does a long history make sending or paging slower?
//  - send latency (median, p99 over 1,000 sends) into a conversation holding 100,000 messages vs an empty one,
//    the two measured alternately on the same server, so store size and warm-up are the same for both;
//  - history page latency (limit=50, random `before`) at 100,000 messages vs 100.
// Starts its own standalone (fresh data dir, ports 18080/19080/19081/20080), so nothing else may use them.
import { writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { ROOT, startParley, token, call, timed, pool, summary, machine, ms } from './lib.mjs';

const HISTORY = Number(process.env.HISTORY ?? 100_000);
const SAMPLES = Number(process.env.SAMPLES ?? 1_000);
const dataDir = path.join(ROOT, 'bench/work/messages');

const parley = await startParley({ dataDir });
try {
  const alice = token('alice', dataDir);
  const bob = token('bob', dataDir);
  const group = async (name) =>
    (await call(parley.base, alice, 'POST', '/api/conversation', { participants: ['bob'], isGroup: true, groupName: name })).id;
  const send = (tok, conversationId, content) => call(parley.base, tok, 'POST', '/api/message', { conversationId, content });

  const big = await group('big');
  const seedStart = Date.now();
  await pool(HISTORY, 32, (i) => send(i % 2 ? bob : alice, big, `history message ${i}`));
  const seedSeconds = (Date.now() - seedStart) / 1000;
  console.log(`seeded ${HISTORY} messages in ${seedSeconds.toFixed(1)} s`);

  const small = await group('small');
  await pool(100, 8, (i) => send(i % 2 ? bob : alice, small, `message ${i}`));
  const empty = await group('empty');
  const warmUp = await group('warm-up');
  for (let i = 0; i < 200; i++) await send(alice, warmUp, 'warm-up');

  const sendEmpty = [];
  const sendBig = [];
  for (let i = 0; i < SAMPLES; i++) {
    sendEmpty.push(await timed(() => send(alice, empty, `measured ${i}`)));
    sendBig.push(await timed(() => send(alice, big, `measured ${i}`)));
  }

  const page = (conversationId, newest) => {
    const before = 51 + Math.floor(Math.random() * (newest - 50));
    return timed(() => call(parley.base, bob, 'GET', `/api/message/${conversationId}?limit=50&before=${before}`));
  };
  // the first pass reads pages cold (the big history's pages have not been read since they were written);
  // the measured pass is the steady state, the same warm-up given to both
  const coldSmall = [];
  const coldBig = [];
  for (let i = 0; i < SAMPLES; i++) {
    coldSmall.push(await page(small, 100));
    coldBig.push(await page(big, HISTORY));
  }
  const pageSmall = [];
  const pageBig = [];
  for (let i = 0; i < SAMPLES; i++) {
    pageSmall.push(await page(small, 100));
    pageBig.push(await page(big, HISTORY));
  }

  const rows = [
    ['send into an empty conversation', summary(sendEmpty)],
    [`send into a conversation of ${HISTORY.toLocaleString('en')} messages`, summary(sendBig)],
    ['history page (limit=50) at 100 messages', summary(pageSmall)],
    [`history page (limit=50) at ${HISTORY.toLocaleString('en')} messages`, summary(pageBig)],
    ['first pass (cold): history page at 100 messages', summary(coldSmall)],
    [`first pass (cold): history page at ${HISTORY.toLocaleString('en')} messages`, summary(coldBig)],
  ];
  const ratio = (a, b, key) => (rows[b][1][key] / rows[a][1][key]).toFixed(2);
  const when = new Date().toISOString();
  const m = machine();
  const report = `# Messages benchmark, ${when.slice(0, 10)}

Command: \`./mvnw -q -DskipTests package && node bench/messages.mjs\` (from the repository root)

Machine: ${m.cpus}, ${m.memory}, ${m.os}; Node ${m.node}; Parley standalone on the embedded default
(in-process Kafka, mongo-java-server on disk), the load generator a separate process on loopback.
Run started ${when}.

Every send is a REST \`POST /api/message\` that returns once the read model shows the message (command, MongoDB event
store, Kafka, projection). Sends into the two conversations alternate, one at a time, ${SAMPLES} each, after 200
warm-up sends elsewhere. Pages alternate too, each with a random \`before\`: a first pass of ${SAMPLES} each
reads them cold, then the measured pass of ${SAMPLES} each. Both conversations' pages are the same 50 \`_id\` lookups
in one collection; what the cold pass adds for the long history is pages of the store not yet in its cache.

| what | n | median ms | p99 ms | max ms |
| --- | ---: | ---: | ---: | ---: |
${rows.map(([name, s]) => `| ${name} | ${s.n} | ${ms(s.median)} | ${ms(s.p99)} | ${ms(s.max)} |`).join('\n')}

| ratio (long history / short) | median | p99 | goal |
| --- | ---: | ---: | --- |
| send | ${ratio(0, 1, 'median')} | ${ratio(0, 1, 'p99')} | within 1.5 |
| history page | ${ratio(2, 3, 'median')} | ${ratio(2, 3, 'p99')} | the same |
| history page, first pass (cold) | ${ratio(4, 5, 'median')} | ${ratio(4, 5, 'p99')} | |

Seeding the ${HISTORY.toLocaleString('en')} messages (32 concurrent REST senders) took ${seedSeconds.toFixed(1)} s,
${(HISTORY / seedSeconds).toFixed(0)} messages/s.
`;
  mkdirSync(path.join(ROOT, 'bench/results'), { recursive: true });
  const file = path.join(ROOT, `bench/results/${when.slice(0, 10)}-messages.md`);
  writeFileSync(file, report);
  console.log(report);
  console.log(`written to ${path.relative(ROOT, file)}`);
} finally {
  await parley.stop();
}
