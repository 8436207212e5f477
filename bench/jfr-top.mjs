// The hottest frames of a JFR recording (e.g. one of bench/work/suite/jfr/*.jfr from `JFR=1 node bench/suite.mjs`):
//   node bench/jfr-top.mjs <file.jfr> [--top 25] [--event jdk.ExecutionSample]
// Reads `jfr print --events <event> --stack-depth 64` and counts, over all samples: the top frame (self), every
// method on the stack once a sample (total), the first Parley frame (io.parley.*) of each stack, and the sampled
// threads by pool (trailing numbers dropped).
import { spawn } from 'node:child_process';
import readline from 'node:readline';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args.splice(i, 2)[1] : fallback;
};
const top = Number(option('--top', 25));
const event = option('--event', 'jdk.ExecutionSample');
const file = args[0];
if (!file) {
  console.error('usage: node bench/jfr-top.mjs <file.jfr> [--top 25] [--event jdk.ExecutionSample]');
  process.exit(2);
}

const self = new Map();
const total = new Map();
const parley = new Map();
const threads = new Map();
const count = (map, key) => map.set(key, (map.get(key) ?? 0) + 1);
let samples = 0;
let stack = null;

const jfr = spawn('jfr', ['print', '--events', event, '--stack-depth', '64', file], { stdio: ['ignore', 'pipe', 'inherit'] });
const lines = readline.createInterface({ input: jfr.stdout });
for await (const line of lines) {
  const text = line.trim();
  if (text.startsWith('sampledThread = ') || text.startsWith('eventThread = ')) {
    const name = text.match(/= "(.*)"/)?.[1] ?? text;
    count(threads, name.replace(/[-#\s]*\d+$/, ''));
  } else if (text === 'stackTrace = [') {
    stack = [];
  } else if (stack && text === ']') {
    samples++;
    if (stack.length) count(self, stack[0]);
    for (const frame of new Set(stack)) count(total, frame);
    const own = stack.find((frame) => frame.startsWith('io.parley.'));
    if (own) count(parley, own);
    stack = null;
  } else if (stack && text !== '...') {
    stack.push(text.replace(/\s+line: \d+.*$/, ''));
  }
}
const code = await new Promise((resolve) => jfr.on('close', resolve));
if (code !== 0) process.exit(code);

const print = (title, map) => {
  console.log(`\n${title}`);
  for (const [key, n] of [...map.entries()].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`${((100 * n) / samples).toFixed(1).padStart(6)} %  ${String(n).padStart(7)}  ${key}`);
  }
};
console.log(`${file}: ${samples} ${event} samples`);
print('self (top frame)', self);
print('total (on the stack)', total);
print('first Parley frame', parley);
print('threads', threads);
