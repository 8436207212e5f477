// Shared pieces of Parley's benchmarks: start a standalone on its own ports and data directory,
// mint tokens, time requests, summarise latencies. Everything runs on loopback.
import { spawn, execFileSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
export const JAR = path.join(ROOT, 'standalone/target/parley.jar');

export async function startParley({ port = 18080, dataDir, extraArgs = [] }) {
  rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  const args = [...(process.env.JFR ? [process.env.JFR] : []), '-jar', JAR, `--server.port=${port}`, `--parley.data-dir=${dataDir}`,
    `--parley.embedded.kafka.port=${port + 1000}`, `--parley.embedded.kafka.controller-port=${port + 1001}`,
    `--parley.embedded.mongo.port=${port + 2000}`, ...extraArgs];
  const child = spawn('java', args, { stdio: ['ignore', 'ignore', 'inherit'] });
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
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { n: sorted.length, median: at(0.5), p99: at(0.99), max: sorted[sorted.length - 1] };
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
