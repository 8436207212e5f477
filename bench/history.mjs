// Issue 16's benchmark: is history at a moment fast for a conversation of 100,000 messages?
//
// Part 1, through the API: a group of REST_HISTORY messages sent over REST (32 at a time) in ten chunks, with read
// marks, deletions and member changes between chunks (the history index follows the appends as they happen);
// state and pages timed at three instants; at the end the newest page is checked against today's read model.
//
// Part 2, at scale: a group of HISTORY messages whose event stream (its creation, the messages, with replies, read
// marks, delivery receipts, edits, reactions added and removed, deletions, members added and removed) is written
// straight into the event store, in the format Parley stored part 1's events in, one event every 10 ms of a
// timeline an hour back; seeding 100,000 messages through the REST API takes far longer than the reads under test
// on a small machine. Nothing has indexed it: the first question indexes the whole stream from the store (its time
// is shown). Then, per instant (10 %, 50 %, 90 %, the end), the state, the newest page (limit 50) and pages at
// random `before` cursors are timed SAMPLES times each, and every answer is checked against this script's own fold
// of the events it wrote.
//
// Ports: BENCH_PORT (18080) and, unless set, Kafka on +1000/+1001 and MongoDB on +2000 (KAFKA_PORT,
// CONTROLLER_PORT, MONGO_PORT move them); PARLEY_ARGS (space-separated) go to the standalone.
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { MongoClient } from 'mongodb';
import { ROOT, JAR, startParley, token, call, timed, pool, summary, machine, ms } from './lib.mjs';

const HISTORY = Number(process.env.HISTORY ?? 100_000);
const REST_HISTORY = Number(process.env.REST_HISTORY ?? 2_000);
const SAMPLES = Number(process.env.SAMPLES ?? 100);
const port = Number(process.env.BENCH_PORT ?? 18080);
const kafkaPort = Number(process.env.KAFKA_PORT ?? port + 1000);
const controllerPort = Number(process.env.CONTROLLER_PORT ?? port + 1001);
const mongoPort = Number(process.env.MONGO_PORT ?? port + 2000);
const dataDir = path.join(ROOT, 'bench/work/history');
const extraArgs = (process.env.PARLEY_ARGS ?? '').split(' ').filter(Boolean);
const started = new Date().toISOString();

const parley = await startParley({ port, kafkaPort, controllerPort, mongoPort, dataDir, extraArgs });
const mongo = new MongoClient(`mongodb://127.0.0.1:${mongoPort}`);
try {
  await mongo.connect();
  const db = mongo.db('parley');
  const base = parley.base;
  const alice = token('alice', dataDir);
  const bob = token('bob', dataDir);
  const ops = execFileSync('java', ['-jar', JAR, 'token', 'ops', '--admin', '--data-dir', dataDir]).toString().trim();
  const admin = (route) => call(base, ops, 'GET', route);
  const stateAt = (id, at) => admin(`/api/admin/conversations/${id}/state?at=${at}`);
  const pageAt = (id, at, before) => admin(`/api/admin/conversations/${id}/messages?at=${at}&limit=50`
    + (before ? `&before=${before}` : ''));
  const line = (s) => `${ms(s.median)} | ${ms(s.p95)} | ${ms(s.max)}`;

  /** Times state, newest page and random pages at one instant; `check` sees every answer. */
  async function measure(id, at, samples, check = () => {}) {
    let lastSeq = 0;
    const first = await timed(async () => {
      const state = await stateAt(id, at);
      lastSeq = state.lastSeq;
      check('state', state);
    });
    const states = [];
    const newest = [];
    const random = [];
    for (let i = 0; i < samples; i++) {
      states.push(await timed(async () => check('state', await stateAt(id, at))));
      newest.push(await timed(async () => check('page', await pageAt(id, at), null)));
      const before = 51 + Math.floor(Math.random() * Math.max(1, lastSeq - 50));
      random.push(await timed(async () => check('page', await pageAt(id, at, before), before)));
    }
    return { lastSeq, first, states: summary(states), newest: summary(newest), random: summary(random) };
  }

  // ---- part 1: through the API ----
  const { id: small } = await call(base, alice, 'POST', '/api/conversation',
    { participants: ['bob', 'carol'], isGroup: true, groupName: 'through the API' });
  const restInstants = [];
  const restStart = Date.now();
  const perChunk = REST_HISTORY / 10;
  for (let chunk = 0; chunk < 10; chunk++) {
    const sent = new Array(perChunk);
    await pool(perChunk, 32, async (i) => {
      const mine = i % 2 === 0;
      sent[i] = { message: await call(base, mine ? alice : bob, 'POST', '/api/message',
        { conversationId: small, content: `message ${chunk * perChunk + i}` }), mine };
    });
    const newest = sent.reduce((a, b) => (a.message.seq > b.message.seq ? a : b)).message;
    await call(base, bob, 'PUT', `/api/message/read/${newest._id}`);
    for (let i = 0; i < sent.length; i += 10) {
      await call(base, sent[i].mine ? alice : bob, 'DELETE', `/api/message/${sent[i].message._id}`);
    }
    const member = (action, userId) =>
      call(base, alice, 'POST', `/api/conversation/participant/${action}`, { conversationId: small, userId });
    if (chunk === 3) await member('add', 'dave');
    if (chunk === 6) await member('remove', 'carol');
    await new Promise((r) => setTimeout(r, 5));
    restInstants.push(new Date().toISOString());
  }
  const restSeconds = (Date.now() - restStart) / 1000;
  console.log(`part 1: ${REST_HISTORY} messages over REST in ${restSeconds.toFixed(0)} s`);
  const restRows = [];
  for (const [chunk, label] of [[1, '10 %'], [5, '50 %'], [10, 'the end']]) {
    const r = await measure(small, restInstants[chunk - 1], Math.min(SAMPLES, 30));
    restRows.push(`| ${label} (lastSeq ${r.lastSeq}) | ${ms(r.first)} | ${line(r.states)} | ${line(r.newest)} `
      + `| ${line(r.random)} |`);
  }
  const history = (await pageAt(small, new Date().toISOString())).messages;
  const today = (await call(base, alice, 'GET', `/api/message/${small}?limit=50`)).messages;
  const restMismatches = history.filter((a, i) => !(['id', 'seq', 'content', 'isDeleted', 'sender']
    .every((f) => a[f] === today[i]?.[f]) && JSON.stringify(a.readBy) === JSON.stringify(today[i]?.readBy)));

  // ---- part 2: 100,000 messages written into the event store ----
  const events = db.collection('domainevents');
  const template = await events.findOne({ aggregateIdentifier: small, sequenceNumber: 1 });
  const sentTemplate = JSON.parse(template.serializedPayload);
  const isoTimes = typeof sentTemplate.sentAt === 'string';
  const time = (millis) => (isoTimes ? new Date(millis).toISOString() : millis / 1000);
  const big = 'b16' + Date.now().toString(16).padStart(21, '0').slice(-21);
  const messageId = (seq) => 'e' + seq.toString(16).padStart(23, '0');
  const T0 = Date.now() - 3_600_000;
  const stream = [];
  const add = (type, payload) => stream.push({ type, payload, at: T0 + 10 * stream.length });
  const k = 'io.parley.kernel.';
  add(`${k}conversation.ConversationCreatedEvent`, { conversationId: big, createdBy: 'alice',
    participants: ['alice', 'bob', 'carol'], group: true, groupName: '100k', createdAt: null });
  for (let seq = 1; seq <= HISTORY; seq++) {
    const sender = seq % 2 ? 'alice' : 'bob';
    add(`${k}message.MessageSentEvent`, { conversationId: big, messageId: messageId(seq), seq, sender,
      content: `history message ${seq}`, attachments: [], clientMessageId: null, sentAt: null,
      replyTo: seq % 100 === 0 ? messageId(seq - 50) : null });
    const about = (n) => ({ conversationId: big, messageId: messageId(n), seq: n });
    const senderOf = (n) => (n % 2 ? 'alice' : 'bob');
    const member = (type, userId, extra) => add(`${k}conversation.${type}`, { conversationId: big, userId, ...extra });
    if (seq % 100 === 0) add(`${k}message.MessageReadEvent`, { ...about(seq), reader: 'bob', readAt: null });
    if (seq % 250 === 0) {
      add(`${k}message.MessageDeliveredEvent`, { ...about(seq), userId: 'carol', deliveredAt: null });
    }
    if (seq % 50 === 10) {
      add(`${k}message.MessageEditedEvent`,
        { ...about(seq - 9), editedBy: senderOf(seq - 9), content: `edited ${seq - 9}`, editedAt: null });
    }
    if (seq % 40 === 5) {
      add(`${k}message.ReactionAddedEvent`, { ...about(seq - 4), userId: 'carol', emoji: '👍', reactedAt: null });
    }
    if (seq % 400 === 5) {
      add(`${k}message.ReactionRemovedEvent`, { ...about(seq - 4), userId: 'carol', emoji: '👍', removedAt: null });
    }
    if (seq % 500 === 20) {
      add(`${k}message.MessageDeletedEvent`, { ...about(seq - 19), deletedBy: senderOf(seq - 19), deletedAt: null });
    }
    if (seq === HISTORY / 4) member('ParticipantAddedEvent', 'dave', { addedBy: 'alice', addedAt: null });
    if (seq === HISTORY / 2) member('ParticipantRemovedEvent', 'carol', { removedBy: 'alice', removedAt: null });
    if (seq === (3 * HISTORY) / 4) member('ParticipantAddedEvent', 'erin', { addedBy: 'alice', addedAt: null });
  }
  for (const event of stream) {
    for (const [field, value] of Object.entries(event.payload)) {
      if (value === null && /At$/.test(field)) event.payload[field] = time(event.at);
    }
  }
  const seedStart = Date.now();
  for (let from = 0; from < stream.length; from += 1000) {
    await events.insertMany(stream.slice(from, from + 1000).map((event, i) => ({
      ...Object.fromEntries(Object.entries(template).filter(([f]) => f !== '_id')),
      aggregateIdentifier: big, sequenceNumber: from + i, eventIdentifier: randomUUID(),
      timestamp: new Date(event.at).toISOString(), payloadType: event.type, payloadRevision: null,
      serializedPayload: JSON.stringify(event.payload), serializedMetaData: template.serializedMetaData,
    })), { ordered: true });
  }
  const seedSeconds = (Date.now() - seedStart) / 1000;
  console.log(`part 2: ${stream.length} events of ${HISTORY} messages written in ${seedSeconds.toFixed(0)} s`);

  /** This script's own fold of what it wrote, up to event `cut`. */
  function expected(cut) {
    const members = new Map();
    const messages = new Map();
    let lastSeq = 0;
    for (let n = 0; n <= cut; n++) {
      const { type, payload: p } = stream[n];
      const name = type.slice(type.lastIndexOf('.') + 1);
      if (name === 'ConversationCreatedEvent') p.participants.forEach((u) => members.set(u, 0));
      else if (name === 'ParticipantAddedEvent') members.set(p.userId, lastSeq);
      else if (name === 'ParticipantRemovedEvent') members.delete(p.userId);
      else if (name === 'MessageReadEvent' && members.has(p.reader)) {
        members.set(p.reader, Math.max(members.get(p.reader), p.seq));
      } else if (name === 'MessageSentEvent') {
        lastSeq = p.seq;
        messages.set(p.seq, { content: p.content, isDeleted: false, isEdited: false, reactions: 0, sender: p.sender });
      } else if (name === 'MessageEditedEvent') Object.assign(messages.get(p.seq), { content: p.content, isEdited: true });
      else if (name === 'ReactionAddedEvent') messages.get(p.seq).reactions++;
      else if (name === 'ReactionRemovedEvent') messages.get(p.seq).reactions--;
      else if (name === 'MessageDeletedEvent') {
        Object.assign(messages.get(p.seq), { content: '', isDeleted: true, reactions: 0 });
      }
    }
    return { participants: [...members.keys()], members, messages, lastSeq };
  }
  let checked = 0;
  const failures = [];
  const checker = (cut) => {
    const want = expected(cut);
    return (kind, answer, before) => {
      const fail = (what) => failures.length < 10 && failures.push(`${kind} at event ${cut}: ${what}`);
      if (kind === 'state') {
        if (answer.eventSequence !== cut) fail(`eventSequence ${answer.eventSequence}`);
        if (answer.lastSeq !== want.lastSeq) fail(`lastSeq ${answer.lastSeq}`);
        if (JSON.stringify(answer.participants) !== JSON.stringify(want.participants)) {
          fail(`participants ${answer.participants}`);
        }
      } else {
        const top = before ? Math.min(before - 1, want.lastSeq) : want.lastSeq;
        answer.messages.forEach((m, i) => {
          const w = want.messages.get(top - i);
          const readBy = [...want.members].filter(([u, marker]) => u !== w.sender && marker >= m.seq).map(([u]) => u);
          if (m.seq !== top - i || m.content !== w.content || m.isDeleted !== w.isDeleted || m.isEdited !== w.isEdited
            || (m.reactions[0]?.count ?? 0) !== w.reactions || JSON.stringify(m.readBy) !== JSON.stringify(readBy)) {
            fail(`message ${m.seq}: ${JSON.stringify(m)}`);
          }
        });
      }
      checked++;
    };
  };
  const cutAt = (fraction) => Math.floor((stream.length - 1) * fraction);
  const instant = (cut) => new Date(stream[cut].at + 5).toISOString();

  const end = stream.length - 1;
  const coldFirst = await timed(() => stateAt(big, instant(end)));
  console.log(`first question (indexes ${stream.length} events from the store): ${ms(coldFirst)} ms`);
  const rows = [];
  for (const [fraction, label] of [[0.1, '10 %'], [0.5, '50 %'], [0.9, '90 %'], [1, 'the end']]) {
    const cut = cutAt(fraction);
    const r = await measure(big, instant(cut), SAMPLES, checker(cut));
    rows.push(`| ${label} (event ${cut}, lastSeq ${r.lastSeq}) | ${ms(r.first)} | ${line(r.states)} `
      + `| ${line(r.newest)} | ${line(r.random)} |`);
    console.log(`${label}: state ${ms(r.states.median)} ms, newest page ${ms(r.newest.median)} ms, `
      + `random page ${ms(r.random.median)} ms`);
  }

  const m = machine();
  const date = new Date().toISOString().slice(0, 10);
  mkdirSync(path.join(ROOT, 'bench/results'), { recursive: true });
  const file = path.join(ROOT, `bench/results/${date}-history.md`);
  const header = '| instant | first state ms | state median ms | p95 | max | newest page median ms | p95 | max '
    + '| random page median ms | p95 | max |\n'
    + '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |';
  writeFileSync(file, `# History at a moment benchmark, ${date}

Command: \`./mvnw -q -DskipTests package && npm ci --prefix bench && node bench/history.mjs\` (from the repository
root)${port !== 18080 ? `, here with \`BENCH_PORT=${port} KAFKA_PORT=${kafkaPort} CONTROLLER_PORT=${controllerPort} MONGO_PORT=${mongoPort}\`` : ''}${extraArgs.length ? ` and \`PARLEY_ARGS="${extraArgs.join(' ')}"\`` : ''}

Machine: ${m.cpus}, ${m.memory}, ${m.os}; Node ${m.node}; Parley standalone on the embedded default
(in-process Kafka, mongo-java-server on disk), the client a separate process on loopback; other engineers' builds
and tests shared the machine. Run started ${started}.

\`GET /api/admin/conversations/:id/state?at\` and \`GET /api/admin/conversations/:id/messages?at&limit=50[&before]\`.
Each row: one first state (uncounted, its time shown), then ${SAMPLES} times each the state, the newest page and a
page at a random \`before\` (every page checked to hold 50 messages).

## ${HISTORY.toLocaleString('en')} messages

The conversation's ${stream.length.toLocaleString('en')} events (its creation; ${HISTORY.toLocaleString('en')} messages,
every 100th a reply; ${HISTORY / 100} read marks, ${HISTORY / 250} delivery receipts, ${HISTORY / 50} edits, ${HISTORY / 40} reactions and
${HISTORY / 400} taken back, ${HISTORY / 500} deletions; three member changes) were written straight into the event store in
${seedSeconds.toFixed(0)} s, in the format Parley had stored the API-made conversation's events in, one event every 10 ms
of a timeline an hour back. Nothing had indexed them: the first question (the state at the end) indexed all
${stream.length.toLocaleString('en')} events from the store and took **${ms(coldFirst)} ms**. Instants are 5 ms after the event named.

${header}
${rows.join('\n')}

Every answer (${checked.toLocaleString('en')}) was checked against the script's own fold of the events it wrote (eventSequence, lastSeq,
participants; per message seq, content, deletion, edit, reaction count, readBy): ${failures.length === 0 ? 'all agreed.' : `**${failures.length} disagreed**: ${failures.join('; ')}`}

## ${REST_HISTORY.toLocaleString('en')} messages through the API

Sent over REST (32 at a time) in ten chunks in ${restSeconds.toFixed(0)} s, with read marks, deletions and two member
changes between chunks; the index followed the appends as they happened (the warmer).

${header}
${restRows.join('\n')}

The newest page at the end against today's read model (\`GET /api/message\`): ${restMismatches.length === 0
    ? 'the same ids, seqs, senders, contents, deletions and readBy.' : `${restMismatches.length} messages differ.`}
`);
  console.log(`wrote ${path.relative(ROOT, file)}`);
} finally {
  await mongo.close();
  await parley.stop();
}
