// npm test: starts a real Parley (the standalone jar of standalone/target, on free ports, with a fresh data
// directory and demo mode on), runs every test/*.test.mjs against it with node's test runner, and stops it.
// PARLEY_URL and PARLEY_JWT_SECRET given from outside skip the start and use that server instead.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const jar = path.resolve(here, '../../../standalone/target/parley.jar');
const only = process.argv.slice(2);
const files = readdirSync(here).filter((name) => name.endsWith('.test.mjs'))
  .filter((name) => only.length === 0 || only.some((part) => name.includes(part)))
  .map((name) => path.join(here, name));

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function startParley() {
  if (!existsSync(jar)) {
    throw new Error(`${jar} is missing: build it first (./mvnw -pl standalone -am -DskipTests package)`);
  }
  const [port, kafka, controller, mongo] = [await freePort(), await freePort(), await freePort(), await freePort()];
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'parley-client-test-'));
  const secret = randomBytes(32).toString('hex');
  const child = spawn('java', ['-jar', jar, '--demo', `--server.port=${port}`, `--parley.data-dir=${dataDir}`,
    `--parley.embedded.kafka.port=${kafka}`, `--parley.embedded.kafka.controller-port=${controller}`,
    `--parley.embedded.mongo.port=${mongo}`,
    // tokens that end within the test's patience, and no leeway after their end
    '--parley.jwt.clock-skew=0s',
    // more properties for the server, e.g. a chat page served from a directory while working on it
    ...(process.env.PARLEY_ARGS ?? '').split(' ').filter(Boolean)], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, PARLEY_JWT_SECRET: secret },
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => { stderr = (stderr + chunk).slice(-20_000); });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 150_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`Parley exited with ${child.exitCode}:\n${stderr}`);
    }
    try {
      if ((await fetch(`${url}/actuator/health`)).ok) {
        return { url, secret, child, dataDir };
      }
    } catch { /* not up yet */ }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  child.kill('SIGKILL');
  throw new Error(`Parley did not come up within 150 s:\n${stderr}`);
}

function stop({ child, dataDir }) {
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.once('exit', () => {
      clearTimeout(kill);
      rmSync(dataDir, { recursive: true, force: true });
      resolve();
    });
    child.kill('SIGTERM');
  });
}

const external = process.env.PARLEY_URL && process.env.PARLEY_JWT_SECRET;
const parley = external ? null : await startParley();
const env = {
  ...process.env,
  PARLEY_URL: external ? process.env.PARLEY_URL : parley.url,
  PARLEY_JWT_SECRET: external ? process.env.PARLEY_JWT_SECRET : parley.secret,
};
console.log(`parley-client tests against ${env.PARLEY_URL}`);
const code = await new Promise((resolve) => {
  const run = spawn(process.execPath, ['--test', '--test-concurrency=1', '--test-force-exit', ...files], { stdio: 'inherit', env });
  run.on('exit', (status) => resolve(status ?? 1));
});
if (parley) {
  await stop(parley);
}
process.exit(code);
