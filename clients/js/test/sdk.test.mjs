// The client against a real Parley: typed REST calls, the outbox (in order, never lost, never twice), catch-up from
// the stored cursor, typing, token refresh, delivery receipts and the second-wave calls.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { MemoryStorage, ParleyClient, ParleyError } from '../dist/index.js';
import { URL, client, closeAll, connected, next, sleep, token, track, until, user } from './helpers.mjs';

after(closeAll);

async function pair() {
  const alice = user('alice');
  const bob = user('bob');
  const a = client(alice);
  const conversation = await a.createConversation({ participants: [bob] });
  return { alice, bob, a, conversation };
}

async function history(made, conversationId) {
  return (await made.listMessages(conversationId, { after: 0, limit: 100 })).messages;
}

test('REST calls answer typed objects, and refusals carry the contract\'s code and status', { timeout: 30_000 }, async () => {
  const { bob, a, conversation } = await pair();
  assert.match(conversation.id, /^[0-9a-f]{24}$/);
  assert.equal(conversation._id, conversation.id);
  assert.deepEqual([...conversation.participants].sort(), [a.userId, bob].sort());
  const again = await client(bob).createConversation({ participants: [a.userId] });
  assert.equal(again.id, conversation.id, 'a one-to-one conversation has no twin');

  const sent = await a.sendMessage({ conversationId: conversation.id, content: 'hello over REST' });
  assert.equal(sent.seq, 1);
  assert.ok(sent.clientMessageId, 'sendMessage gives every send a clientMessageId');
  const retried = await a.sendMessage({ conversationId: conversation.id, content: 'hello over REST',
    clientMessageId: sent.clientMessageId });
  assert.equal(retried.id, sent.id, 'a retry with the same clientMessageId is the same message');

  const b = client(bob);
  const [listed] = (await b.listConversations()).conversations;
  assert.equal(listed.unreadCount, 1);
  const receipt = await b.markReadOverRest(sent.id);
  assert.equal(receipt.readBy, bob);
  assert.equal((await b.getConversation(conversation.id)).unreadCount, 0);

  await assert.rejects(a.getConversation('0123456789abcdef01234567'),
    (e) => e instanceof ParleyError && e.code === 'not_found' && e.status === 404);
  await assert.rejects(a.sendMessage({ conversationId: conversation.id, content: '   ' }),
    (e) => e instanceof ParleyError && e.code === 'validation_failed' && e.status === 400);
  const stranger = track(new ParleyClient({ url: URL, token: 'not-a-jwt', userId: 'nobody' }));
  await assert.rejects(stranger.listConversations(), (e) => e.code === 'unauthorized' && e.status === 401);
});

test('a send is acknowledged with the stored message and reaches the other side once', { timeout: 30_000 }, async () => {
  const { bob, a, conversation } = await pair();
  const b = await connected(client(bob));
  await connected(a);
  const arrived = next(b, 'new_message');
  const message = await a.send({ conversationId: conversation.id, content: 'hi bob' });
  assert.equal(message.content, 'hi bob');
  assert.ok(message.clientMessageId);
  const pushed = await arrived;
  assert.equal(pushed.message.id, message.id);
  assert.equal(pushed.conversation.id, conversation.id);
  assert.ok(pushed.cursor, 'stored-event pushes carry a cursor');
  assert.equal(b.cursor, pushed.cursor, 'the client keeps the last cursor it saw');
  assert.deepEqual(a.outbox(), []);
});

test('sends made offline wait in the outbox and go out in order on reconnect', { timeout: 30_000 }, async () => {
  const { a, conversation } = await pair();
  await connected(a);
  const socket = a.rawSocket;
  socket.io.reconnection(false);
  const gone = next(a, 'disconnected');
  socket.io.engine.close(); // the network drops
  await gone;
  const texts = ['one', 'two', 'three', 'four', 'five'];
  const sends = texts.map((content) => a.send({ conversationId: conversation.id, content }));
  assert.deepEqual(a.outbox().map((p) => p.content), texts, 'queued in order while offline');
  await sleep(300);
  assert.equal((await history(a, conversation.id)).length, 0, 'nothing leaves while offline');

  socket.io.reconnection(true);
  socket.connect();
  const acknowledged = await Promise.all(sends);
  assert.deepEqual(acknowledged.map((m) => m.seq), [1, 2, 3, 4, 5]);
  assert.deepEqual((await history(a, conversation.id)).map((m) => m.content), texts);
  assert.deepEqual(a.outbox(), []);
});

test('a flaky network loses acknowledgements, yet every message is stored exactly once, in order', { timeout: 30_000 }, async () => {
  const { a, conversation } = await pair();
  const flaky = client(a.userId, { ackTimeoutMs: 1500 });
  await connected(flaky);
  const texts = [];
  const sends = [];
  for (let i = 1; i <= 6; i++) {
    texts.push(`flaky ${i}`);
    sends.push(flaky.send({ conversationId: conversation.id, content: `flaky ${i}` }));
    // the connection breaks right after the send left: the server stores it, its acknowledgement is lost
    if (i % 2 === 0) {
      flaky.rawSocket.io.engine.close();
    }
  }
  await Promise.all(sends);
  const stored = await history(a, conversation.id);
  assert.deepEqual(stored.map((m) => m.content), texts, 'no message lost, none twice, in the order sent');
  assert.equal(new Set(stored.map((m) => m.clientMessageId)).size, texts.length);
});

test('the outbox survives the client: a new client with the same storage sends what the old one could not', { timeout: 30_000 }, async () => {
  const { a, conversation } = await pair();
  const storage = new MemoryStorage();
  const first = client(a.userId, { storage });
  first.send({ conversationId: conversation.id, content: 'written before the reload' }).catch(() => {});
  assert.equal(first.outbox().length, 1);
  first.disconnect(); // never connected: like a page closed while offline
  const second = client(a.userId, { storage });
  const sentAgain = next(second, 'outbox', (items) => items.length === 0);
  second.connect();
  await sentAgain;
  assert.deepEqual((await history(a, conversation.id)).map((m) => m.content), ['written before the reload']);
});

test('reconnecting with the stored cursor replays what was missed, in order, before sync_complete', { timeout: 30_000 }, async () => {
  const { bob, a, conversation } = await pair();
  const storage = new MemoryStorage();
  const away = await connected(client(bob, { storage }));
  const cursorBefore = away.cursor;
  assert.ok(cursorBefore, 'a connection without since starts from the current cursor');
  away.disconnect();
  for (const content of ['missed 1', 'missed 2', 'missed 3']) {
    await a.sendMessage({ conversationId: conversation.id, content });
  }
  const back = client(bob, { storage });
  const replayed = [];
  back.on('new_message', ({ message }) => { if (!back.caughtUp) replayed.push(message.content); });
  await connected(back);
  assert.deepEqual(replayed, ['missed 1', 'missed 2', 'missed 3']);
  assert.notEqual(back.cursor, cursorBefore);
});

test('typing is throttled and stops by itself', { timeout: 30_000 }, async () => {
  const { bob, a, conversation } = await pair();
  const b = await connected(client(bob));
  const typist = await connected(client(a.userId, { typingIdleMs: 700 }));
  const seen = [];
  b.on('typing_indicator', (t) => seen.push(t.isTyping));
  const stopped = next(b, 'typing_indicator', (t) => !t.isTyping, 5_000);
  for (let i = 0; i < 10; i++) {
    typist.typing(conversation.id);
    await sleep(50);
  }
  await stopped;
  assert.deepEqual(seen, [true, false], 'ten keystrokes are one start and one stop');

  // sending stops the indicator at once
  seen.length = 0;
  typist.typing(conversation.id);
  const stoppedBySend = next(b, 'typing_indicator', (t) => !t.isTyping, 600);
  await typist.send({ conversationId: conversation.id, content: 'done typing' });
  await stoppedBySend;
});

test('a token callback keeps a connection alive past its first token and answers a 401', { timeout: 30_000 }, async () => {
  const { bob, conversation } = await pair();
  let asked = 0;
  const short = track(await ParleyClient.create({
    url: URL,
    storage: new MemoryStorage(),
    token: () => { asked++; return token(bob, 3); },
  }));
  await connected(short);
  await sleep(4_500); // the first token has ended by now
  assert.ok(short.connected, 'still connected after the first token ended');
  assert.ok(asked >= 2, `the callback was asked again (${asked} times)`);
  const pushed = next(short, 'new_message');
  await client(conversation.participants.find((p) => p !== bob)).sendMessage({
    conversationId: conversation.id, content: 'still there?' });
  await pushed;
  assert.equal((await short.getConversation(conversation.id)).id, conversation.id, 'REST takes the fresh token');
  short.disconnect();
});

test('an expired connection is told token_expired and comes back with a fresh token', { timeout: 30_000 }, async () => {
  const bob = user('bob');
  let asked = 0;
  // the first two tokens (the client's first, the handshake's) end within 2 s, the next ones last
  const made = track(await ParleyClient.create({ url: URL, storage: new MemoryStorage(),
    token: () => { asked++; return token(bob, asked <= 2 ? 2 : 3600); } }));
  made.refreshNow = async () => {}; // no refresh in time: the server's expiry is what is under test
  const expired = next(made, 'error', (e) => e.code === 'token_expired', 8_000);
  await connected(made);
  await expired;
  await next(made, 'sync_complete', () => true, 8_000);
  assert.ok(made.connected, 'connected again');
  assert.ok(asked >= 3, 'with a fresh token');
});

test('a fixed token that ended is refused at the handshake, and the client stops trying', { timeout: 30_000 }, async () => {
  const carol = user('carol');
  const made = client(carol, { token: token(carol, -10) });
  const refused = next(made, 'connect_error');
  made.connect();
  assert.match((await refused).message, /expired/i);
  await sleep(2_500);
  assert.equal(made.connected, false);
});

test('messages that arrive are marked delivered (or the server is told nothing it does not know)', { timeout: 30_000 }, async (t) => {
  const { bob, a, conversation } = await pair();
  const b = await connected(client(bob));
  await connected(a);
  const delivered = next(a, 'message_delivered', () => true, 4_000).catch(() => null);
  const arrived = next(b, 'new_message');
  const message = await a.send({ conversationId: conversation.id, content: 'did it reach you?' });
  await arrived;
  const supported = await b.markDelivered(message.id);
  if (!supported) {
    assert.ok(b.connected, 'a server without mark_delivered leaves the connection alone');
    t.skip('this server has no delivery receipts yet (mark_delivered is an unknown event): run after the merge');
    return;
  }
  const receipt = await delivered;
  assert.ok(receipt, 'the sender hears message_delivered');
  assert.equal(receipt.deliveredTo, bob);
  await until(async () => (await history(a, conversation.id))[0].deliveredTo?.includes(bob), 5_000, 'deliveredTo');
});

function routeMissing(e) {
  return e instanceof ParleyError && (e.status === 404 || e.status === 405) && e.code !== 'validation_failed';
}

test('edits: PATCH and the list of versions', { timeout: 30_000 }, async (t) => {
  const { a, conversation } = await pair();
  const message = await a.sendMessage({ conversationId: conversation.id, content: 'frist' });
  let edited;
  try {
    edited = await a.editMessage(message.id, 'first');
  } catch (e) {
    if (routeMissing(e)) {
      t.skip(`this server has no edits yet (PATCH answered ${e.status}): run after the merge`);
      return;
    }
    throw e;
  }
  assert.equal(edited.content, 'first');
  assert.equal(edited.isEdited, true);
  assert.deepEqual((await a.messageEdits(message.id)).map((e) => e.content), ['frist', 'first']);
});

test('reactions: add, repeat, take back', { timeout: 30_000 }, async (t) => {
  const { a, conversation } = await pair();
  const message = await a.sendMessage({ conversationId: conversation.id, content: 'react to me' });
  let added;
  try {
    added = await a.addReaction(message.id, '👍');
  } catch (e) {
    if (routeMissing(e)) {
      t.skip(`this server has no reactions yet (PUT answered ${e.status}): run after the merge`);
      return;
    }
    throw e;
  }
  assert.deepEqual(added.reactions, [{ emoji: '👍', count: 1, users: [a.userId] }]);
  assert.deepEqual((await a.addReaction(message.id, '👍')).reactions, added.reactions, 'idempotent');
  assert.deepEqual((await a.removeReaction(message.id, '👍')).reactions, []);
});

test('replies: replyTo names the message replied to', { timeout: 30_000 }, async (t) => {
  const { a, conversation } = await pair();
  const original = await a.sendMessage({ conversationId: conversation.id, content: 'question?' });
  await connected(a);
  const reply = await a.send({ conversationId: conversation.id, content: 'answer', replyTo: original.id });
  if (reply.replyTo === undefined) {
    t.skip('this server has no replies yet (Message has no replyTo): run after the merge');
    return;
  }
  assert.equal(reply.replyTo.id, original.id);
  assert.equal(reply.replyTo.content, 'question?');
});

test('attachments and presence over REST', { timeout: 30_000 }, async () => {
  const { bob, a, conversation } = await pair();
  const uploaded = await a.uploadAttachment(new Blob(['hello file'], { type: 'text/plain' }), 'hello.txt');
  assert.equal(uploaded.name, 'hello.txt');
  assert.equal(uploaded.size, 10);
  await a.sendMessage({ conversationId: conversation.id, content: 'see file', attachments: [uploaded.id] });
  const blob = await client(bob).downloadAttachment(uploaded.id);
  assert.equal(await blob.text(), 'hello file');

  const b = await connected(client(bob));
  const seen = await until(async () => {
    const [p] = await a.presence([bob]);
    return p?.status === 'online' ? p : null;
  }, 10_000, 'bob online');
  assert.equal(seen.userId, bob);
  b.disconnect();
});
