import { createHmac } from 'node:crypto';
import { MemoryStorage, ParleyClient } from '../dist/index.js';

export const URL = process.env.PARLEY_URL;
const SECRET = process.env.PARLEY_JWT_SECRET;
if (!URL || !SECRET) {
  throw new Error('run the tests with npm test, which starts Parley (or set PARLEY_URL and PARLEY_JWT_SECRET)');
}

/** A unique user id per test run, so tests never meet each other's conversations. */
export function user(name) {
  return `${name}-${Math.random().toString(36).slice(2, 8)}`;
}

/** An HS256 token for `userId`, signed with the server's secret, as an identity provider would issue it. */
export function token(userId, ttlSeconds = 3600) {
  const part = (json) => Buffer.from(JSON.stringify(json)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const body = `${part({ alg: 'HS256', typ: 'JWT' })}.${part({ sub: userId, iat: now, exp: now + ttlSeconds })}`;
  return `${body}.${createHmac('sha256', SECRET).update(body).digest('base64url')}`;
}

const open = new Set();

export function track(made) {
  open.add(made);
  return made;
}

export function client(userId, options = {}) {
  return track(new ParleyClient({ url: URL, token: token(userId), storage: new MemoryStorage(), ...options }));
}

export function closeAll() {
  for (const made of open) {
    made.disconnect();
  }
  open.clear();
}

/** Resolves with the first `event` payload that `matches`, or fails after `ms`. */
export function next(made, event, matches = () => true, ms = 10_000) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { off(); reject(new Error(`no ${event} within ${ms} ms`)); }, ms);
    const off = made.on(event, (payload) => {
      if (matches(payload)) {
        clearTimeout(timer);
        off();
        resolve(payload);
      }
    });
  });
}

/** Connects and waits for the end of catch-up. */
export async function connected(made) {
  const synced = next(made, 'sync_complete');
  made.connect();
  await synced;
  return made;
}

export async function until(check, ms = 10_000, what = 'condition') {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) {
      return value;
    }
    if (Date.now() > deadline) {
      throw new Error(`${what} not met within ${ms} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
