// The suite's results as Markdown: the summary table (Parley, its ceiling, the ratio, the goal), then every figure
// behind it. Every number printed here comes from the results of the run; nothing is estimated.

const int = (x) => (x === null || x === undefined || Number.isNaN(x) ? '–' : Math.round(x).toLocaleString('en'));
const ms = (x) => (x === null || x === undefined ? '–' : x < 10 ? x.toFixed(2) : x.toFixed(1));
const cores = (x) => (x === null || x === undefined ? '–' : x.toFixed(2));
const pct = (x) => (x === null || x === undefined ? '–' : `${Math.round(x * 100)} %`);
const kib = (bytes) => (bytes === null || bytes === undefined ? '–' : `${(bytes / 1024).toFixed(1)} KiB`);
const mib = (bytes) => (bytes === null || bytes === undefined ? '–' : `${(bytes / 2 ** 20).toFixed(0)} MiB`);
const ratio = (x) => (x === null || x === undefined || !Number.isFinite(x) ? '–' : x.toFixed(2));
/** A Markdown table; `numeric` columns (all but the first unless given) are right-aligned. */
const table = (head, rows, numeric = head.map((_, i) => i > 0)) => [`| ${head.join(' | ')} |`,
  `| ${head.map((_, i) => (numeric[i] ? '---:' : '---')).join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
const rejectedOf = (s) => (Object.keys(s.rejected).length ? JSON.stringify(s.rejected) : '0');

/** A maximum found by doubling, with how the search ended. */
function maxOf(found) {
  if (found.generatorBound) return `≥ ${int(found.max)} (the generator could offer no more)`;
  if (found.capped) return `≥ ${int(found.max)} (MAX_RATE reached)`;
  if (!found.heldAtStart) return `${int(found.max)} (did not hold at START_RATE; delivered rate of that step)`;
  return int(found.max);
}

function stepRows(steps) {
  return steps.map((s) => [int(s.rate), int(s.sentRate), int(s.deliveredRate), ms(s.latency?.median), ms(s.latency?.p99),
    int(s.lost), rejectedOf(s), s.pass ? 'yes' : `no${s.generatorBound ? ' (generator)' : ''}`]);
}

function phaseRows(label, list) {
  return list.map((s) => [label, pct(s.fraction), int(s.rate), int(s.sentRate), int(s.acceptedRate), int(s.deliveredRate),
    ms(s.latency?.median), ms(s.latency?.p95), ms(s.latency?.p99), ms(s.latency?.max), int(s.lost), rejectedOf(s),
    cores(s.serverCpu), cores(s.generatorCpu), pct(s.machineCpu)]);
}

/** Commands a message by kind, largest first. */
const storeBreakdown = (cost) => Object.entries(cost.byCommand).sort((a, b) => b[1] - a[1])
  .map(([command, n]) => `${command} ${n.toFixed(2)}`).join(', ');

export function reportOf(r) {
  const c = r.config;
  const full = r.delivery.phases.find((p) => p.fraction === 1);
  const half = r.delivery.phases.find((p) => p.fraction === 0.5);
  const echoHalf = r.echoPhases.find((p) => p.fraction === 0.5);
  const kafkaHalf = r.kafkaPhases[0];
  /** What a message of a 1:1 conversation cost the store, sent to as the groups are (one at a time, then a burst). */
  const oneToOne = r.fanoutOneToOne?.store;
  const mongoMessages = r.mongo.inserted / r.mongo.seconds / r.mongo.perMessage;
  const held = (x) => x.levels.filter((l) => l.failedAt === undefined);
  const lastLevel = held(r.connections).at(-1);
  const failedLevel = r.connections.levels.find((l) => l.failedAt !== undefined);
  const echoLastLevel = held(r.echoConnections).at(-1);
  const largest = Math.max(...c.connections);

  // ratio: how much of the ceiling Parley achieves (rate ÷ rate; for times and memory the ceiling's ÷ Parley's)
  const rows = [
    { scenario: 'delivery', what: 'Sustained 1:1 delivery: delivered msg/s at 100 % of the maximum', parley: int(full.deliveredRate),
      ceiling: `raw Kafka produce→consume, max sustainable: ${maxOf(r.kafka)} msg/s`, ratio: full.deliveredRate / r.kafka.max,
      goal: '≥ 2,000 msg/s, nothing lost', met: full.deliveredRate >= 2000 && !full.lost },
    { scenario: 'delivery', what: 'Sustained 1:1 delivery: delivered msg/s at 100 % of the maximum', parley: int(full.deliveredRate),
      ceiling: `raw WebSocket echo, max sustainable: ${maxOf(r.echoDelivery)} msg/s`, ratio: full.deliveredRate / r.echoDelivery.max },
    { scenario: 'delivery', what: 'Sustained 1:1 delivery: delivered msg/s at 100 % of the maximum', parley: int(full.deliveredRate),
      ceiling: `MongoDB inserts of one message's ${r.mongo.perMessage} documents: ${int(mongoMessages)} messages/s`, ratio: full.deliveredRate / mongoMessages },
    { scenario: 'delivery', what: `p99 send→deliver at 50 % of the maximum (${int(half.rate)} msg/s)`, parley: `${ms(half.latency?.p99)} ms`,
      ceiling: `raw Kafka round trip at the same rate: ${ms(kafkaHalf.latency?.p99)} ms`, ratio: kafkaHalf.latency?.p99 / half.latency?.p99,
      goal: '≤ 50 ms at ≥ 1,000 msg/s', met: half.latency?.p99 <= 50 && half.rate >= 1000 },
    { scenario: 'delivery', what: `p99 send→deliver at 50 % of the maximum (${int(half.rate)} msg/s)`, parley: `${ms(half.latency?.p99)} ms`,
      ceiling: `raw WebSocket echo at the same rate: ${ms(echoHalf.latency?.p99)} ms`, ratio: echoHalf.latency?.p99 / half.latency?.p99 },
    ...r.fanout.flatMap(({ parley: p, echo: e }) => [
      { scenario: 'fanout', what: `Group of ${int(p.size)}: deliveries/s`, parley: int(p.deliveriesPerSecond),
        ceiling: `raw WebSocket echo: ${int(e.deliveriesPerSecond)}`, ratio: p.deliveriesPerSecond / e.deliveriesPerSecond,
        ...(p.size >= 1000 ? { goal: '≥ 0.7 of the raw echo', met: p.deliveriesPerSecond >= 0.7 * e.deliveriesPerSecond } : {}) },
      { scenario: 'fanout', what: `Group of ${int(p.size)}: p99 send→last member`, parley: `${ms(p.latency.p99)} ms`,
        ceiling: `raw WebSocket echo: ${ms(e.latency.p99)} ms`, ratio: e.latency.p99 / p.latency.p99,
        ...(p.size >= 1000 ? { goal: '≤ 2 × the raw echo', met: p.latency.p99 <= 2 * e.latency.p99 } : {}) },
      ...(p.store && oneToOne ? [{ scenario: 'fanout', what: `Group of ${int(p.size)}: store writes a message`,
        parley: ratio(p.store.writesPerMessage), ceiling: `1:1, sent to the same way: ${ratio(oneToOne.writesPerMessage)}`,
        ratio: p.store.writesPerMessage ? oneToOne.writesPerMessage / p.store.writesPerMessage : null,
        ...(p.size >= 1000 ? { goal: 'the same as in 1:1',
          met: p.store.writesPerMessage <= oneToOne.writesPerMessage * 1.05 } : {}) }] : []),
    ]),
    ...(r.sustainedStore ? [{ scenario: 'delivery', what: `Store commands a message, 1:1, at sustained load (the 100 % phase, ${int(full.rate)} msg/s)`,
      parley: ratio(r.sustainedStore.commandsPerMessage), ceiling: '–', ratio: null, goal: '≤ 3',
      met: r.sustainedStore.commandsPerMessage <= 3 }] : []),
    ...(r.deliveryStore ? [{ scenario: 'delivery', what: 'Store commands a message, 1:1, over the whole delivery scenario (every rate)',
      parley: ratio(r.deliveryStore.commandsPerMessage), ceiling: '–', ratio: null,
      ...(r.sustainedStore ? {} : { goal: '≤ 3', met: r.deliveryStore.commandsPerMessage <= 3 }) }] : []),
    ...(r.idleStore ? [{ scenario: 'idle', what: `REST send p50, idle (one at a time, ${r.idleSend.pauseMs ?? 0} ms apart)`, parley: `${ms(r.idleSend.median)} ms`,
      ceiling: '–', ratio: null, goal: '≤ 5 ms', met: r.idleSend.median <= 5 }] : []),
    { scenario: 'catchup', what: `Catch-up of ${int(r.catchup.events)} missed events: median io() → sync_complete`,
      parley: `${ms(r.catchup.times.median)} ms`, ceiling: `raw WebSocket echo sending as many: ${ms(r.echoCatchup.times.median)} ms`,
      ratio: r.echoCatchup.times.median / r.catchup.times.median, goal: '< 1 s', met: r.catchup.times.median < 1000 },
    ...(lastLevel ? [
      { scenario: 'connections', what: `${int(lastLevel.connections)} idle sockets: live heap (after a full GC)`,
        parley: `${mib(lastLevel.heap.usedBytes)} (${kib(lastLevel.heapPerConnection)} a connection)`, ceiling: '–', ratio: null,
        goal: `${int(largest)} within 2 GiB`, met: lastLevel.connections === largest && lastLevel.heap.usedBytes <= 2 * 2 ** 30 },
      { scenario: 'connections', what: `${int(lastLevel.connections)} idle sockets: RSS a connection`, parley: kib(lastLevel.rssPerConnection),
        ceiling: echoLastLevel ? `raw WebSocket echo (Node) at ${int(echoLastLevel.connections)}: ${kib(echoLastLevel.rssPerConnection)}` : '–',
        ratio: echoLastLevel ? echoLastLevel.rssPerConnection / lastLevel.rssPerConnection : null },
    ] : []),
    ...(failedLevel ? [
      { scenario: 'connections', what: `${int(failedLevel.connections)} idle sockets`,
        parley: `failed: ${int(failedLevel.failed)} connections refused or timed out with ${int(failedLevel.failedAt)} open`,
        ceiling: echoLastLevel ? `raw WebSocket echo held ${int(echoLastLevel.connections)}` : '–', ratio: null,
        goal: `${int(largest)} within 2 GiB`, met: false },
    ] : []),
  ];
  const ranked = rows.filter((row) => Number.isFinite(row.ratio) && row.ratio > 0);
  const worst = ranked.reduce((a, b) => (b.ratio < a.ratio ? b : a), ranked[0]);

  const m = r.machine;
  const genAtFull = full.generatorCpu;
  const md = `# Parley benchmark suite, ${r.started.slice(0, 10)}${c.quick ? ' (QUICK: toy sizes, not a result)' : ''}

Command (from the repository root): \`./mvnw -q -DskipTests package && npm ci --prefix bench && ${c.quick ? 'QUICK=1 ' : ''}node bench/suite.mjs\`

Machine: ${m.cpus}, ${m.memory}, ${m.os}; Node ${m.node}. Load average before the run ${r.loadBefore.map((x) => x.toFixed(2)).join(', ')},
after ${r.loadAfter.map((x) => x.toFixed(2)).join(', ')}. Run started ${r.started}, took ${(r.seconds / 60).toFixed(1)} min.
Open files: ${r.openFiles}.

Parley: the standalone jar (in-process Kafka 3.9 broker and mongo-java-server on disk, fresh data directory), with
\`--parley.realtime.events-per-second=${c.eventsPerSecond} --parley.realtime.event-burst=${c.eventsPerSecond}\` (the per-connection
limit of 20 events/s would otherwise cap ${c.pairs} senders at ${int(20 * c.pairs)} msg/s), \`--parley.limits.max-participants=${Math.max(1000, ...c.groups)}\`
and \`--management.health.mongo.enabled=false\` (Spring's MongoDB health check sends \`hello\`, which the embedded store does
not know). JVM options given: \`${c.jvmOptions.join(' ') || '(none)'}\` (PARLEY_JVM_OPTS); flags in effect: \`${r.jvm}\`. The load generator: ${c.workers} Node processes of socket.io-client 4.8.4 (websocket
transport), separate from Parley and from each other, on loopback; the raw WebSocket server a Node process of its own.

## Summary

Ratio: how much of the ceiling Parley achieves, a rate divided by the ceiling's rate, or for a time or a size the
ceiling's divided by Parley's (1.00: as good as the ceiling; lower is further from it).

${table(['scenario', 'Parley', 'ceiling', 'ratio', 'goal'], rows.map((row) => [row.what, row.parley, row.ceiling, ratio(row.ratio),
    row.goal ? `${row.goal}: ${row.met ? 'met' : '**not met**'}` : '']), [false, true, false, true, false])}

Worst ratio: ${worst ? `${worst.what} against ${worst.ceiling.split(':')[0]} (${ratio(worst.ratio)})` : '–'}.${r.recordings && Object.keys(r.recordings).length
    ? ` JFR recordings of Parley (JFR=${c.jfr}): ${Object.entries(r.recordings).map(([k, v]) => `${k}: \`${v}\``).join(', ')}; `
      + `\`node bench/jfr-top.mjs <file>\` lists the hottest frames.` : ''}

## 1. Sustained 1:1 delivery

${c.pairs} senders and ${c.pairs} receivers, one 1:1 conversation a pair, each pair's two connections in one generator
process (so send and receipt are timed on one clock). The senders offer a fixed rate between them, open loop, round
robin (\`send_message\` with an ack; the receiver's \`new_message\` ends the message's latency). Content:
${c.contentLength} characters. Accepted: acks \`{ ok: true }\` per second; delivered: \`new_message\` per second; both
counted in the measured window (after ${c.phaseWarmup} s of warm-up in a phase, ${c.stepWarmup} s in a search step).
Latency: every message sent in the window, delivered within the window or the drain after it (${c.phaseDrain} s, search
${c.stepDrain} s); lost: sent in the window and not delivered by then.

**Maximum sustainable rate.** After an uncounted warm-up step of ${c.warmSeconds ?? 5} s at ${int(c.warmRate ?? c.startRate)} msg/s (a fresh JVM spends its first minute of load largely compiling), the offered rate doubles from ${int(c.startRate)} msg/s (steps of ${c.stepSeconds} s; it halves instead while the start rate does not hold) while a step
holds, then ${c.refine} bisection(s) between the last rate that held and the first that did not. A step holds when the
generator sent ≥ 97 % of the offered rate, ≥ 95 % of it was delivered in the window (each less one message a generator
process, for the window's edges), nothing was lost or refused and p99 ≤ ${c.stepP99} ms. Parley: ${maxOf(r.delivery)} msg/s; raw WebSocket echo (the generator alone, before Parley was started):
${maxOf(r.echoDelivery)} msg/s; raw Kafka: ${maxOf(r.kafka)} msg/s.

Parley:

${table(['offered msg/s', 'sent/s', 'delivered/s', 'p50 ms', 'p99 ms', 'lost', 'refused', 'holds'], stepRows(r.delivery.steps))}

Raw WebSocket echo, the generator alone:

${table(['offered msg/s', 'sent/s', 'delivered/s', 'p50 ms', 'p99 ms', 'lost', 'refused', 'holds'], stepRows(r.echoDelivery.steps))}

Raw Kafka produce → consume:

${table(['offered msg/s', 'sent/s', 'delivered/s', 'p50 ms', 'p99 ms', 'lost', 'refused', 'holds'], stepRows(r.kafka.steps))}

**Fixed-rate phases** of ${c.phaseSeconds} s. CPU in cores over the measured window: the server's process (Parley's JVM; for
the raw WebSocket rows the echo server; for Kafka the Parley JVM holding the broker), the generator's processes
together, and the whole machine busy.

${table(['target', 'of max', 'offered msg/s', 'sent/s', 'accepted/s', 'delivered/s', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'lost', 'refused', 'server CPU', 'generator CPU', 'machine busy'],
    [...phaseRows('Parley', r.delivery.phases), ...phaseRows('raw WebSocket', r.echoPhases), ...phaseRows('raw Kafka', r.kafkaPhases)])}

The generator keeps up: the same processes and code sustained ${maxOf(r.echoDelivery)} msg/s against the raw WebSocket
server, ${ratio(r.echoDelivery.max / r.delivery.max)} times Parley's maximum, and used ${cores(genAtFull)} cores during Parley's 100 % phase.

## 2. Group fan-out

One sender into a group of N members (the sender included), every member connected, the receivers spread over the
generator processes. Latency: ${c.fanoutSamples} messages one at a time (the next once every member has the last), from the
send to the moment the last member got it. Throughput: a burst of messages (at most ${c.fanoutWindow} unacknowledged),
deliveries counted from the first send to the last delivery. Both start once the sockets have heard nothing for a
second after the members connected (on Parley they tell each other that they came online: ${r.fanout.map(({ parley: p }) => p.settled ? `a group of ${int(p.size)} heard ${int(p.settled.events)} events over ${p.settled.seconds.toFixed(1)} s` : '').filter(Boolean).join(', ')}).

${table(['target', 'members', 'p50 last ms', 'p95 last ms', 'p99 last ms', 'max last ms', 'incomplete', 'burst messages', 'deliveries', 'seconds', 'deliveries/s', 'burst p99 last ms'],
    r.fanout.flatMap(({ parley: p, echo: e }) => [['Parley', p], ['raw WebSocket', e]].map(([name, f]) => [name, int(f.size), ms(f.latency.median),
      ms(f.latency.p95), ms(f.latency.p99), ms(f.latency.max), int(f.incomplete), int(f.burst.accepted), `${int(f.burst.deliveries)} of ${int(f.burst.expected)}`,
      f.burst.seconds.toFixed(2), int(f.deliveriesPerSecond), ms(f.burst.lastDelivery.p99)])))}

## 3. Idle connections

Authenticated sockets (each its own user, websocket transport) opened up to each level and left idle; at each level,
after a pause, Parley's live heap after a full GC (\`jcmd <pid> GC.run\`, then \`GC.heap_info\`) and its RSS
(\`/proc/<pid>/status\`); per connection: the growth over the level before any was opened, divided by the level.
Baseline: heap ${mib(r.connections.baseline.heap.usedBytes)} live of ${mib(r.connections.baseline.heap.committedBytes)} committed, RSS ${mib(r.connections.baseline.rssBytes)}, ${r.connections.baseline.threads} threads;
Parley's JVM options: \`${c.jvmOptions.join(' ') || '(none)'}\`.

${table(['target', 'connections', 'connect s', 'live heap', 'heap committed', 'heap a connection', 'RSS', 'RSS a connection', 'threads'],
    [...r.connections.levels.map((l) => (l.failedAt !== undefined
      ? ['Parley', int(l.connections), `**failed**: ${int(l.failed)} with ${int(l.failedAt)} open, ${JSON.stringify(l.errors)}${l.serverAlive ? '' : '; Parley had exited'}`,
        '–', '–', '–', mib(l.rssBytes), '–', int(l.threads)]
      : ['Parley', int(l.connections), (l.connectMillis / 1000).toFixed(1), mib(l.heap.usedBytes), mib(l.heap.committedBytes),
        kib(l.heapPerConnection), mib(l.rssBytes), kib(l.rssPerConnection), int(l.threads)])),
    ...r.echoConnections.levels.map((l) => (l.failedAt !== undefined
      ? ['raw WebSocket (Node)', int(l.connections), `**failed**: ${int(l.failed)} with ${int(l.failedAt)} open`, '–', '–', '–', mib(l.rssBytes), '–', int(l.threads)]
      : ['raw WebSocket (Node)', int(l.connections), (l.connectMillis / 1000).toFixed(1), '–', '–', '–',
        mib(l.rssBytes), kib(l.rssPerConnection), int(l.threads)]))])}

## 4. Catch-up

Bob takes his cursor and leaves; ${int(r.catchup.senders)} others send him ${int(r.catchup.events)} messages between them over
sockets, each in a 1:1 conversation with him (all in his feed ${r.catchup.seedSeconds.toFixed(1)} s later); then a fresh connection with \`auth: { token, since }\` is timed from \`io()\` to
\`sync_complete\` (websocket), ${c.catchupRuns} runs after one warm-up, each checked to replay exactly ${int(r.catchup.events)} events.
The ceiling: the raw WebSocket server sending as many \`new_message\` events (Parley's payload) and \`sync_complete\`.

${table(['target', 'runs', 'median ms', 'p95 ms', 'max ms', 'first event ms (median)', 'events/s (median)'],
    [['Parley', r.catchup], ['raw WebSocket', r.echoCatchup]].map(([name, x]) => [name, int(x.times.n), ms(x.times.median), ms(x.times.p95),
      ms(x.times.max), ms(x.first.median), int(x.events / (x.times.median / 1000))]))}

## 5. The commit path (durability on)

Every acknowledgement waits until the embedded store has committed the event to its file (\`parley.durability=commit\`,
the default; see README, "What is durable when"), and every read of the event store and the feeds until what it saw
is committed; commits are shared by all the writes that arrived while the one before ran.${r.commitPath ? `

- An idle REST send (one at a time, ${int(r.idleSend.n)} sends${r.idleSend.pauseMs ? `, each ${r.idleSend.pauseMs} ms after the answer before, when the pipeline has carried that one through` : ''}): p50 ${ms(r.idleSend.median)} ms, p95 ${ms(r.idleSend.p95)} ms, p99 ${ms(r.idleSend.p99)} ms.${r.backToBackSend ? `
  Back to back (each the moment the one before was answered, so it overlaps that one's Kafka hop, projections and
  feed on the same two cores): p50 ${ms(r.backToBackSend.median)} ms, p95 ${ms(r.backToBackSend.p95)} ms.` : ''}${r.idleStore ? `
- Store commands a message (the MongoDB driver's command listener, \`mongodb_driver_commands_seconds_count\`): idle sends
  ${ratio(r.idleStore.commandsPerMessage)} (${storeBreakdown(r.idleStore)}); over the delivery scenario ${ratio(r.deliveryStore.commandsPerMessage)}
  (${storeBreakdown(r.deliveryStore)}), of which writes ${ratio(r.deliveryStore.writesPerMessage)}.${r.sustainedStore ? ` At sustained load (the 100 % phase,
  ${int(r.sustainedStore.messages)} messages): ${ratio(r.sustainedStore.commandsPerMessage)} (${storeBreakdown(r.sustainedStore)}), of which writes ${ratio(r.sustainedStore.writesPerMessage)}.` : ''}${oneToOne ? ` A 1:1 conversation sent to as the
  groups below (${int(oneToOne.messages)} messages, one at a time, then a burst): ${ratio(oneToOne.commandsPerMessage)} commands, ${ratio(oneToOne.writesPerMessage)} writes a message
  (${storeBreakdown(oneToOne)}).` : ''}${r.fanout.map(({ parley: p }) => p.store ? ` Group of ${int(p.size)}: ${ratio(p.store.commandsPerMessage)} commands,
  ${ratio(p.store.writesPerMessage)} writes a message (${storeBreakdown(p.store)})${p.connecting ? `, counted from the members being
  connected and quiet to the last delivery; creating the group and connecting its members took ${int(p.connecting.commands)} commands,
  ${int(p.connecting.writes)} of them writes` : ''}.` : '').join('')}` : ''}
- During the delivery scenario (${r.commitPath.seconds.toFixed(0)} s, ${int(r.commitPath.messages)} messages): ${int(r.commitPath.commits)} commits,
  ${int(r.commitPath.perSecond)} a second, ${r.commitPath.messagesPerCommit.toFixed(2)} messages a commit (each message also writes its read-model,
  feed and token documents, which share the same commits), ${r.commitPath.meanCommitMs.toFixed(2)} ms a commit on average,
  ${(100 * r.commitPath.commitSeconds / r.commitPath.seconds).toFixed(1)} % of the scenario's wall time spent committing (on the committing threads).` : ''}

## 6. Ceilings on Parley's own broker and store

- **Kafka**: the record Parley published to \`parley.events\` for a probe message of the same content (value
  ${r.kafkaRecord.valueBytes} bytes, ${r.kafkaRecord.headerCount} headers of ${r.kafkaRecord.headerBytes} bytes, plus one naming the benchmark
  message), keyed by the delivery scenario's conversation ids, produced (acks=all, as Parley's producer) to a topic of
  ${c.kafkaPartitions} partitions on the standalone's broker and consumed by one consumer (kafkajs 2.2.4) in the same
  process, which times the round trip; each 2 ms tick's due messages go in one produce request.
- **MongoDB**: the documents Parley stored for that probe message (${r.mongo.collections.join(', ')}; ${r.mongo.bytes.join(', ')}
  bytes of extended JSON), inserted one per request into database \`bench\` of the standalone's store (with the same
  unique indexes), ${c.mongoConcurrency} in flight, for ${r.mongo.seconds.toFixed(1)} s: ${int(r.mongo.inserted / r.mongo.seconds)} inserts/s,
  ${int(mongoMessages)} messages' documents/s; insert latency p50 ${ms(r.mongo.latency.median)} ms, p99 ${ms(r.mongo.latency.p99)} ms.
`;
  return { markdown: md, worst };
}
