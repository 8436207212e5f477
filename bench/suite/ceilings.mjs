// The storage ceilings of bench/suite.mjs, a process of their own, driven over IPC like the socket workers:
//  - Kafka: produce → consume round trip on the standalone's own in-process broker, of the very record Parley
//    published for a message (its key shape, value and headers, plus one header naming the benchmark message),
//    acks=all as Parley's producer; fixed-rate steps (see Step), each tick's due messages in one produce request;
//  - MongoDB: inserts of the very documents Parley stored for one message, into the standalone's own store (a
//    database of its own, `bench`), one insert per request as Parley writes them, a fixed number in flight.
import kafkajs from 'kafkajs';
import { BSON, MongoClient, ObjectId } from 'mongodb';
import { clock, sleep, contentOf, Step, serve } from './common.mjs';

const { Kafka, logLevel } = kafkajs;
let kafka;
let step = null;

/** The record on `topic` whose `axon-message-id` header is `eventId`, read from the start by a consumer of its own. */
async function findRecord(client, topic, eventId) {
  const consumer = client.consumer({ groupId: `parley-bench-find-${Date.now()}`, maxWaitTimeInMs: 100 });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  let found;
  const seen = new Promise((resolve, reject) => {
    consumer.run({
      eachMessage: async ({ message }) => {
        if (!found && message.headers['axon-message-id']?.toString() === eventId) {
          found = { key: message.key, value: message.value, headers: message.headers };
          resolve();
        }
      },
    }).catch(reject);
    setTimeout(() => reject(new Error(`no record of event ${eventId} on ${topic} in 60 s`)), 60_000).unref();
  });
  await seen;
  await consumer.disconnect();
  return found;
}

const commands = {
  /**
   * Finds the record Parley published for event `eventId` on `parley.events`, creates `topic` and starts a producer
   * and a consumer of it; `keys` are the record keys to use in turn (conversation ids, as Parley keys its records).
   */
  async kafkaSetup({ brokers, topic, partitions, eventId, keys }) {
    const client = new Kafka({ clientId: 'parley-bench', brokers, logLevel: logLevel.NOTHING });
    const record = await findRecord(client, 'parley.events', eventId);
    const admin = client.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: partitions, replicationFactor: 1 }], waitForLeaders: true });
    await admin.disconnect();
    const producer = client.producer({ allowAutoTopicCreation: false });
    await producer.connect();
    const consumer = client.consumer({ groupId: `parley-bench-${Date.now()}`, maxWaitTimeInMs: 100 });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachBatchAutoResolve: true,
      eachBatch: async ({ batch }) => {
        for (const message of batch.messages) step?.delivered(message.headers.bench?.toString());
      },
    });
    // kafkajs cannot send a header without a value (Parley's may have one): an empty one stands in for it
    const headers = Object.fromEntries(Object.entries(record.headers).map(([k, v]) => [k, v ?? Buffer.alloc(0)]));
    const { value } = record;
    kafka = { producer, consumer, topic, keys, value, headers };
    // the consumer has its partitions once a first message comes back
    const probe = new Step({ tag: 'probe', rate: 0, seconds: 0, warmup: 0 });
    step = probe;
    const until = clock() + 60_000;
    for (let n = 0; probe.s.delivered === 0; n++) {
      if (clock() > until) throw new Error('the Kafka consumer heard nothing in 60 s');
      await producer.send({ topic, acks: -1, messages: [this.kafkaMessage('probe', n, clock(), 0)] });
      await sleep(500);
    }
    return {
      valueBytes: value.length, headerCount: Object.keys(headers).length,
      headerBytes: Object.entries(headers).reduce((a, [k, v]) => a + k.length + v.length, 0),
      value: value.toString(),
    };
  },

  kafkaMessage(tag, n, sentAt) {
    return {
      key: kafka.keys[n % kafka.keys.length], value: kafka.value,
      headers: { ...kafka.headers, bench: contentOf(tag, n, sentAt, 0) },
    };
  },

  async kafkaStep({ tag, rate, seconds, warmup, drain }) {
    const current = new Step({ tag, rate, seconds, warmup });
    step = current;
    let batch = [];
    await current.run((n, sentAt) => batch.push(this.kafkaMessage(tag, n, sentAt)), () => {
      if (batch.length === 0) return;
      const count = batch.length;
      kafka.producer.send({ topic: kafka.topic, acks: -1, messages: batch }).then(
        () => { for (let i = 0; i < count; i++) current.ack(true); },
        (error) => { for (let i = 0; i < count; i++) current.ack(false, error.type ?? error.name); });
      batch = [];
    });
    return current.drain(drain);
  },

  pending() {
    return { pending: step?.pending ?? 0 };
  },

  async kafkaStop() {
    await kafka?.consumer.disconnect();
    await kafka?.producer.disconnect();
    return {};
  },

  /**
   * Inserts copies of `documents` ([{ collection, document (extended JSON), unique: [[field…]…] }], what Parley
   * stored for one message, with the unique indexes of its collections) in that order, over and over for `seconds`,
   * `concurrency` inserts in flight; each copy gets a fresh `_id` and fresh values in its unique index fields.
   */
  async mongo({ uri, documents, seconds, concurrency }) {
    const client = new MongoClient(uri, { maxPoolSize: concurrency });
    await client.connect();
    const db = client.db('bench');
    await db.dropDatabase();
    const templates = [];
    for (const { collection, document, unique } of documents) {
      const target = db.collection(collection);
      for (const fields of unique) {
        await target.createIndex(Object.fromEntries(fields.map((field) => [field, 1])), { unique: true });
      }
      templates.push({ target, document: BSON.EJSON.parse(document), fields: unique.flat() });
    }
    const fresh = (value, n) => {
      if (value instanceof ObjectId) return new ObjectId();
      return typeof value === 'number' ? n : `${value}#${n}`;
    };
    const latencies = [];
    let next = 0;
    const started = clock();
    const until = started + seconds * 1000;
    await Promise.all(Array.from({ length: concurrency }, async () => {
      while (clock() < until) {
        const n = next++;
        const { target, document, fields } = templates[n % templates.length];
        const copy = { ...document, _id: fresh(document._id, n) };
        for (const field of fields) copy[field] = fresh(document[field], n);
        const at = clock();
        await target.insertOne(copy);
        latencies.push(Math.round((clock() - at) * 100) / 100);
      }
    }));
    const elapsed = (clock() - started) / 1000;
    await db.dropDatabase();
    await client.close();
    return { inserted: latencies.length, seconds: elapsed, latencies, perMessage: templates.length };
  },
};

serve(commands);
