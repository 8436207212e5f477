// The chat page in headless Chromium, as two people in two browser contexts: they start a conversation, write,
// see each other typing and reading; one goes offline, the other sends five messages, and the first, back
// online, sees them in order with the right unread count. Screenshots go to test-output/ (build output).
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { URL } from './helpers.mjs';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const OUT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../test-output');
const missing = !existsSync(CHROMIUM);
if (missing && process.env.CI) {
  throw new Error(`no Chromium at ${CHROMIUM}: CI installs Debian's chromium package (.ci/run)`);
}

let browser;
const people = {};

before(async () => {
  if (missing) return;
  const { chromium } = await import('playwright-core');
  mkdirSync(OUT, { recursive: true });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
});

after(async () => {
  await browser?.close();
});

const run = String(Date.now() % 1_000_000).padStart(6, "0");
const names = { alice: `Alice ${run}`, bob: `Bob ${run}` };
const ids = { alice: `alice-${run}`, bob: `bob-${run}` };

async function signIn(who) {
  const context = await browser.newContext({ viewport: { width: 1100, height: 720 } });
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error(`[${who}] page error:`, e));
  page.on('console', (m) => m.type() === 'error' && console.error(`[${who}] console:`, m.text()));
  await page.goto(URL + '/');
  await page.screenshot({ path: path.join(OUT, `0-${who}-sign-in.png`) });
  await page.fill('#name', names[who]);
  await page.click('#signin-form button[type=submit]');
  await page.waitForSelector('#app:not([hidden])');
  await page.waitForSelector('#connection.online', { timeout: 60_000 });
  people[who] = { context, page };
  return page;
}

const shot = (who, name) => people[who].page.screenshot({ path: path.join(OUT, `${name}-${who}.png`) });

function item(page, who) {
  return page.locator(`.conversation-item:has(.title:text-is("${names[who]}"))`);
}

async function bubbles(page) {
  return page.locator('#message-list .message:not(.pending) .bubble').allTextContents();
}

test('two people chat on the page: typing, reading, going offline and catching up', { skip: missing &&
  `no Chromium at ${CHROMIUM} (apt-get install chromium)`, timeout: 240_000 }, async () => {
  const alice = await signIn('alice');
  const bob = await signIn('bob');

  // Alice starts a chat with Bob; it appears on Bob's side as well
  await alice.click('#new-chat');
  await alice.fill('#participants', ids.bob);
  await alice.click('#create-chat');
  await alice.waitForSelector('#conversation:not([hidden])');
  await item(bob, 'alice').waitFor();

  // Bob opens it; Alice types and Bob sees it
  await item(bob, 'alice').click();
  await alice.locator('#text').pressSequentially('Hi Bob! How are you?', { delay: 15 });
  await bob.waitForSelector(`#typing:text("${names.alice} is typing")`);
  await shot('bob', '1-typing');
  await alice.press('#text', 'Enter');
  await bob.waitForSelector('.bubble:text-is("Hi Bob! How are you?")');

  // Bob has it open, so it is read at once: Alice sees the receipt
  await alice.waitForSelector('.message.mine .status.read:text-is("Read")');
  await bob.locator('#text').pressSequentially('Great, thanks! Working on the launch.', { delay: 10 });
  await alice.waitForSelector(`#typing:text("${names.bob} is typing")`);
  await bob.press('#text', 'Enter');
  await alice.waitForSelector('.bubble:text-is("Great, thanks! Working on the launch.")');
  await bob.waitForSelector('.message.mine .status.read');
  await shot('alice', '2-chat');
  await shot('bob', '2-chat');

  // Bob looks at another conversation, then loses the network
  await bob.click('#new-chat');
  await bob.fill('#participants', `carol-${run}`);
  await bob.click('#create-chat');
  await bob.waitForSelector(`.chat-title:text-is("Carol ${run}")`);
  await people.bob.context.setOffline(true);
  await bob.waitForSelector('#connection.offline');

  const five = ['Are you there?', 'I have news', 'The launch moved to Friday', 'Can you make it?', 'Call me, café at 5?'];
  for (const text of five) {
    await alice.fill('#text', text);
    await alice.press('#text', 'Enter');
  }
  await alice.waitForSelector('.bubble:text-is("Call me, café at 5?")');
  await alice.waitForFunction(() => document.querySelectorAll('.message.pending').length === 0);
  await shot('bob', '3-offline');

  // back online: Bob catches up, sees five unread, and then the five in order
  await people.bob.context.setOffline(false);
  await bob.waitForSelector('#connection.online', { timeout: 20_000 });
  const badge = item(bob, 'alice').locator('.badge');
  await badge.waitFor();
  await bob.waitForFunction(
    (title) => [...document.querySelectorAll('.conversation-item')]
      .find((li) => li.querySelector('.title')?.textContent === title)?.querySelector('.badge')?.textContent === '5',
    names.alice, { timeout: 10_000 });
  assert.equal(await badge.textContent(), '5');
  await shot('bob', '4-back-online');
  await item(bob, 'alice').click();
  await bob.waitForSelector('.bubble:text-is("Call me, café at 5?")');
  const seen = await bubbles(bob);
  assert.deepEqual(seen.slice(-5), five, 'the five in the order they were sent');
  assert.equal(await item(bob, 'alice').locator('.badge').count(), 0, 'read once opened');
  await alice.waitForSelector('.message.mine .status.read:text-is("Read")');

  // a reload keeps the session and the history
  await bob.reload();
  await item(bob, 'alice').click();
  await bob.waitForSelector('.bubble:text-is("Call me, café at 5?")');
  await shot('bob', '5-after-reload');
  await shot('alice', '5-final');
});
