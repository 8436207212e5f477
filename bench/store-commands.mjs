// Store commands per message: starts a standalone, sends MESSAGES messages one after another over REST in one
// one-to-one conversation (bob connected, hearing them), and reads the MongoDB driver's command counts
// (Spring Boot's `mongodb_driver_commands_seconds_count{command,collection}`) before and after, divided by MESSAGES.
// SENDERS=n runs n such pairs at once (each sender one request at a time), so the processors see batches.
//   node bench/store-commands.mjs     (BENCH_PORT, MESSAGES per sender, SENDERS, GROUP=<members> for groups)
import path from 'node:path';
import os from 'node:os';
import { startParley, token, call, hear } from './lib.mjs';

const port = Number(process.env.BENCH_PORT ?? 28080);
const messages = Number(process.env.MESSAGES ?? 100);
const groupSize = Number(process.env.GROUP ?? 0);
const senders = Number(process.env.SENDERS ?? 1);
const dataDir = path.join(os.tmpdir(), `parley-store-commands-${port}`);

async function commandCounts(base) {
  const text = await (await fetch(`${base}/actuator/prometheus`)).text();
  const counts = new Map();
  for (const line of text.split('\n')) {
    const match = /^mongodb_driver_commands_seconds_count\{(.*)\} (\S+)$/.exec(line);
    if (!match) continue;
    const labels = Object.fromEntries([...match[1].matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    const key = `${labels.command} ${labels.collection}`;
    counts.set(key, (counts.get(key) ?? 0) + Number(match[2]));
  }
  return counts;
}

const parley = await startParley({ port, dataDir });
try {
  const pairs = [];
  for (let p = 0; p < senders; p++) {
    const alice = token(`alice${p}`, dataDir);
    const bob = token(`bob${p}`, dataDir);
    const others = Array.from({ length: Math.max(0, groupSize - 2) }, (_, i) => `member${i}`);
    const conversation = groupSize > 0
      ? await call(parley.base, alice, 'POST', '/api/conversation',
        { participants: [`bob${p}`, ...others], isGroup: true, groupName: 'bench' })
      : await call(parley.base, alice, 'POST', '/api/conversation', { participants: [`bob${p}`], isGroup: false });
    const listener = await hear(parley.base, bob, messages);
    await call(parley.base, alice, 'POST', '/api/message', { conversationId: conversation.id, content: 'warm-up' });
    pairs.push({ alice, conversation, listener });
  }
  await new Promise((r) => setTimeout(r, 2000));
  const before = await commandCounts(parley.base);
  console.error("load started");
  const started = Date.now();
  await Promise.all(pairs.map(async ({ alice, conversation }) => {
    for (let i = 0; i < messages; i++) {
      await call(parley.base, alice, 'POST', '/api/message', { conversationId: conversation.id, content: `m${i}` });
    }
  }));
  const sentSeconds = (Date.now() - started) / 1000;
  await Promise.all(pairs.map(({ listener }) => listener.heardAll));
  const seconds = (Date.now() - started) / 1000;
  await new Promise((r) => setTimeout(r, 3000)); // let every processor finish
  const after = await commandCounts(parley.base);
  const total = messages * senders;
  const rows = [...after].map(([key, n]) => [key, (n - (before.get(key) ?? 0)) / total])
    .filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1]);
  const perMessage = rows.reduce((sum, [, n]) => sum + n, 0);
  console.log(`store commands per message (${groupSize > 0 ? `groups of ${groupSize}` : '1:1'}, ${senders} × ${messages} sequential REST sends, ${(total / seconds).toFixed(0)} msg/s delivered, ${(total / sentSeconds).toFixed(0)} msg/s acknowledged): ${perMessage.toFixed(2)}`);
  for (const [key, n] of rows) console.log(`  ${n.toFixed(2)}  ${key}`);
} finally {
  await parley.stop();
}
