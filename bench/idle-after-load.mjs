// Idle REST sends, optionally after a 1:1 load: what a quiet server's send path costs once the store has work of its
// own left over (H2's background writer compacting its file, the processors draining).
//   LOAD=400 LOAD_SECONDS=40 N=300 node bench/idle-after-load.mjs
// Starts its own standalone (fresh data directory under bench/work/idle, port 18080); with LOAD, runs bench/load.mjs
// against it at that rate first. Then WARM sends back to back (uncounted: the REST path compiles), 3 s of quiet, and N
// sends one at a time 50 ms apart. Prints their summary and every send over 20 ms (ms since the first, ms taken).
// JFR_IDLE=<file> records a profile of the idle sends.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { ROOT, startParley, sign, call, timed, summary } from './lib.mjs';

const env = process.env;
const secret = randomBytes(32).toString('hex');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const parley = await startParley({ port: 18080, dataDir: path.join(ROOT, 'bench/work/idle'), env: { ...env, PARLEY_JWT_SECRET: secret },
  jvmOptions: String(env.PARLEY_JVM_OPTS ?? '-Xmx8g').split(' ').filter(Boolean),
  extraArgs: ['--management.health.mongo.enabled=false'] });
const pid = String(parley.child.pid);
const base = parley.base;
if (env.LOAD) {
  execFileSync('node', [path.join(ROOT, 'bench/load.mjs')], { stdio: 'inherit',
    env: { ...env, BASE: base, SECRET: secret, RATE: env.LOAD, SECONDS: env.LOAD_SECONDS ?? '60', WARMUP: '20' } });
}
const token = sign('idle-a', secret);
// the load's connections idled for long: Tomcat may have closed the pooled one, and a POST is not retried for us
const callAgain = async (...args) => { try { return await call(...args); } catch { return call(...args); } };
const conversationId = (await callAgain(base, token, 'POST', '/api/conversation', { participants: ['idle-b'], isGroup: false })).id;
const send = (content) => call(base, token, 'POST', '/api/message', { conversationId, content });
for (let i = 0; i < Number(env.WARM ?? 2000); i++) await send(`warm ${i}`);
await sleep(3000);
if (env.JFR_IDLE) execFileSync('jcmd', [pid, 'JFR.start', 'name=idle', 'settings=profile', `filename=${env.JFR_IDLE}`]);
const times = [];
const slow = [];
const start = Date.now();
for (let i = 0; i < Number(env.N ?? 300); i++) {
  const at = Date.now() - start;
  const took = await timed(() => send(`idle ${i}`));
  times.push(took);
  if (took > 20) slow.push([at, Math.round(took)]);
  await sleep(50);
}
if (env.JFR_IDLE) execFileSync('jcmd', [pid, 'JFR.stop', 'name=idle']);
console.log(JSON.stringify(summary(times)));
console.log('over 20 ms (ms since the first, ms):', JSON.stringify(slow));
await parley.stop();
