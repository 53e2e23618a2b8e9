// Publish-to-consume latency and throughput per broker (redis, rabbitmq, kafka, nats) through Dapr, beside the same
// broker used directly from Node in the same run. For each broker: the broker on free ports in a throw-away folder, its
// shipped component (components/profiles/pubsub/<broker>/pubsub.yaml, scopes widened to the bench's two app ids) and
// the shipped pub/sub resiliency policy, a publishing daprd without an app, and a subscribing daprd in front of a
// tiny HTTP app in this process (programmatic /dapr/subscribe). No mTLS and no sentry (nor placement or scheduler):
// Dapr's mTLS secures sidecar-to-sidecar calls, never a sidecar's broker connection, so pub/sub traffic takes the same
// path with it; the platform's sidecars do run with it. The direct side uses the usual Node
// client with the same durability: Redis Streams XADD + consumer group XREADGROUP + XACK; RabbitMQ durable fanout
// exchange + durable queue + persistent messages + publisher confirms + manual acks (prefetch 20); Kafka acks=all
// (-1) + a consumer group; NATS JetStream file stream + PubAck + durable consumer with explicit acks.
//   (a) latency: BENCH_LATENCY_MESSAGES (300) messages one at a time after BENCH_WARMUP_MESSAGES (50), each carrying
//       its send time; the consume time is taken where the message reaches the subscriber (this process, same clock).
//   (b) throughput: BENCH_THROUGHPUT_MESSAGES (2000) messages, BENCH_CONCURRENCY (16) publishes in flight, timed from
//       the first publish until the last one is consumed.
// Every phase is bounded in count and by BENCH_PHASE_SECONDS (60); everything listens on and talks to 127.0.0.1 only;
// every process is stopped at the end, also on error or Ctrl-C. Results go to bench/results/pubsub.json.
//   npm run bench:pubsub                 (all four brokers)
//   npm run bench:pubsub -- kafka nats   (some of them)
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import amqplib from 'amqplib';
import { Redis } from 'ioredis';
import kafkajs from 'kafkajs';
import nats from 'nats';
import platformKit from '../packages/local-platform/dist/index.js';

const {
  addScopes, ensureJetStreamStreams, freePorts, jetStreamStreamName, renderFile, renderSharedConfiguration, repoRoot, startKafka, startNats, startRabbitMq, startRedis,
  startSidecar, stopProcess, summariseLatencies, tail, versions, waitForSidecarReady,
} = platformKit;

const here = path.dirname(fileURLToPath(import.meta.url));
const ALL_BROKERS = ['redis', 'rabbitmq', 'kafka', 'nats'];
const bounded = (name, fallback, max) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(value) || value < 1) throw new Error(`${name} must be a positive number`);
  return Math.min(Math.floor(value), max);
};
const settings = {
  latencyMessages: bounded('BENCH_LATENCY_MESSAGES', 300, 5000),
  warmUpMessages: bounded('BENCH_WARMUP_MESSAGES', 50, 1000),
  throughputMessages: bounded('BENCH_THROUGHPUT_MESSAGES', 2000, 20_000),
  concurrency: bounded('BENCH_CONCURRENCY', 16, 64),
  phaseSeconds: bounded('BENCH_PHASE_SECONDS', 60, 120),
};
/** One message that has not arrived after this long counts as lost (the phase goes on). */
const MESSAGE_TIMEOUT_MS = 10_000;
/** Until the first message makes the round trip (a queue bound, a consumer group joined). */
const SUBSCRIBE_TIMEOUT_MS = 90_000;
/** Each client or process gets this long to close before the next is stopped anyway. */
const CLOSE_TIMEOUT_MS = 20_000;
/** Whatever happens, the whole run ends within this (each broker's start-up is bounded too, by local-platform). */
const WATCHDOG_MS_PER_BROKER = 10 * 60_000;

const PUBLISHER_ID = 'bench-publisher';
const SUBSCRIBER_ID = 'bench-subscriber';
const DAPR_TOPIC = 'bench.dapr';
const DIRECT_TOPIC = 'bench.direct';
const DIRECT_GROUP = 'bench-direct';

const brokers = process.argv.slice(2).length ? process.argv.slice(2) : ALL_BROKERS;
for (const name of brokers) if (!ALL_BROKERS.includes(name)) throw new Error(`unknown broker ${name}; choose from ${ALL_BROKERS.join(', ')}`);

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const withTimeout = (promise, ms, what) => {
  let timer;
  return Promise.race([promise, new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`${what} took over ${ms} ms`)), ms); })]).finally(() => clearTimeout(timer));
};
/**
 * Ctrl-C (or SIGTERM) asks the run to end: phases stop at their next message, a broker still starting finishes its
 * (bounded) start, then everything is stopped through the same path as a normal end. A second signal stops at once.
 */
let interrupted = false;
let onInterrupt;
const interruption = new Promise((resolve) => { onInterrupt = resolve; });
const checkpoint = () => {
  if (interrupted) throw new Error('interrupted');
};
const loadavg = () => os.loadavg().map((load) => +load.toFixed(2));
const cloudEvent = (id, topic, sentAt) => ({ specversion: '1.0', id, source: 'bench-pubsub', type: topic, datacontenttype: 'application/json', data: { sentAt } });

/** Where every consumed message is reported, from the Dapr subscriber app and from the direct consumers alike. */
class Inbox {
  waiters = new Map();
  counters = new Set();
  seen = new Set();
  duplicates = 0;

  deliver(event, arrivedAt) {
    if (this.seen.has(event.id)) {
      this.duplicates += 1;
      return;
    }
    this.seen.add(event.id);
    const waiter = this.waiters.get(event.id);
    if (waiter) {
      this.waiters.delete(event.id);
      clearTimeout(waiter.timer);
      waiter.resolve(arrivedAt);
    }
    for (const counter of this.counters) {
      if (!event.id.startsWith(counter.prefix)) continue;
      counter.arrived += 1;
      counter.latencies.push(arrivedAt - event.data.sentAt);
      counter.lastAt = arrivedAt;
      if (counter.arrived >= counter.target) counter.resolve();
    }
  }

  /** Resolves with the arrival time of `id`, or undefined after `timeoutMs`. */
  waitFor(id, timeoutMs) {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiters.delete(id);
        resolve(undefined);
      }, Math.max(1, timeoutMs));
      this.waiters.set(id, { resolve, timer });
    });
  }

  cancel(id) {
    const waiter = this.waiters.get(id);
    if (!waiter) return;
    this.waiters.delete(id);
    clearTimeout(waiter.timer);
    waiter.resolve(undefined);
  }

  count(prefix, target) {
    const counter = { prefix, target, arrived: 0, latencies: [], lastAt: undefined };
    counter.done = new Promise((resolve) => { counter.resolve = resolve; });
    this.counters.add(counter);
    return counter;
  }

  stopCounting(counter) {
    this.counters.delete(counter);
  }
}

// ---------------------------------------------------------------------------------------------------------------------
// The brokers, each on free ports, with what its component template needs.

const brokerStarters = {
  redis: async (dataDir, logDir) => {
    const [port] = await freePorts(1);
    // As the platform's Redis: it requires a password (a fresh one per run).
    const password = randomBytes(16).toString('hex');
    const redis = await startRedis({ dataDir, port, logFile: path.join(logDir, 'redis.log'), password });
    return { processes: [redis], templateVariables: { REDIS_HOST: '127.0.0.1', REDIS_PORT: String(port), REDIS_PASSWORD: password }, stop: () => stopProcess(redis.pid) };
  },
  rabbitmq: async (dataDir, logDir) => {
    const [amqp, distribution, epmd] = await freePorts(3);
    return startRabbitMq({ dataDir, logDir, ports: { amqp, distribution, epmd } });
  },
  kafka: async (dataDir, logDir) => {
    const [broker, controller] = await freePorts(2);
    return startKafka({ dataDir, logDir, ports: { broker, controller } });
  },
  nats: async (dataDir, logDir) => {
    const [client, monitor] = await freePorts(2);
    const broker = await startNats({ dataDir, logDir, ports: { client, monitor } });
    // As the platform does (start-broker.ts): one file stream per topic, the shortest duplicate window.
    await ensureJetStreamStreams(client, [DAPR_TOPIC, DIRECT_TOPIC], { duplicateWindowSeconds: 0.1 }).catch(async (error) => {
      await broker.stop();
      throw error;
    });
    return broker;
  },
};

// ---------------------------------------------------------------------------------------------------------------------
// The two sides: `publish(event)` resolves once the broker (through Dapr: the publishing sidecar) has accepted the
// message; consumed messages go to the inbox.

function daprSide(publisherHttpPort) {
  const url = `http://127.0.0.1:${publisherHttpPort}/v1.0/publish/pubsub/${DAPR_TOPIC}`;
  return {
    topic: DAPR_TOPIC,
    // As the services publish (service-kit DaprSidecar.publish): a whole CloudEvent, so its id survives.
    publish: async (event) => {
      const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/cloudevents+json' }, body: JSON.stringify(event), signal: AbortSignal.timeout(MESSAGE_TIMEOUT_MS) });
      const text = await response.text();
      if (response.status !== 204) throw new Error(`publish through the sidecar answered ${response.status}: ${text}`);
    },
    close: async () => undefined,
  };
}

/** The app behind the subscribing sidecar: the subscription, a health endpoint, and the event route. */
async function startSubscriberApp(inbox) {
  const server = http.createServer((req, res) => {
    const arrivedAt = performance.now();
    const send = (status, body) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.method === 'GET' && req.url === '/healthz') return send(200, { status: 'ok' });
    if (req.method === 'GET' && req.url === '/dapr/subscribe') return send(200, [{ pubsubname: 'pubsub', topic: DAPR_TOPIC, route: '/events' }]);
    if (req.method !== 'POST' || req.url !== '/events') return send(404, { error: 'not found' });
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      try {
        inbox.deliver(JSON.parse(Buffer.concat(chunks).toString('utf8')), arrivedAt);
        send(200, { status: 'SUCCESS' });
      } catch (error) {
        send(200, { status: 'DROP', error: String(error) });
      }
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: server.address().port,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

const directStarters = {
  // XADD with the component's MAXLEN ~ 100000; one consumer group, XREADGROUP (up to 100 at a time, like the
  // component's queueDepth), XACK once handled. Two connections: the blocking read would hold up publishes.
  redis: async (vars, inbox) => {
    const options = { host: '127.0.0.1', port: Number(vars.REDIS_PORT), password: vars.REDIS_PASSWORD, maxRetriesPerRequest: 3 };
    const producer = new Redis(options);
    const consumer = new Redis(options);
    await producer.xgroup('CREATE', DIRECT_TOPIC, DIRECT_GROUP, '$', 'MKSTREAM');
    let running = true;
    let failure;
    const loop = (async () => {
      while (running) {
        const reply = await consumer.xreadgroup('GROUP', DIRECT_GROUP, 'bench-direct-1', 'COUNT', 100, 'BLOCK', 1000, 'STREAMS', DIRECT_TOPIC, '>');
        if (!reply) continue;
        const ids = [];
        for (const [, entries] of reply) {
          for (const [entryId, fields] of entries) {
            const arrivedAt = performance.now();
            inbox.deliver(JSON.parse(fields[fields.indexOf('data') + 1]), arrivedAt);
            ids.push(entryId);
          }
        }
        await consumer.xack(DIRECT_TOPIC, DIRECT_GROUP, ...ids);
      }
    })().catch((error) => {
      if (running) failure = error;
    });
    return {
      topic: DIRECT_TOPIC,
      client: `ioredis ${await packageVersion('ioredis')}`,
      publish: async (event) => {
        if (failure) throw failure;
        await producer.xadd(DIRECT_TOPIC, 'MAXLEN', '~', '100000', '*', 'data', JSON.stringify(event));
      },
      close: async () => {
        running = false;
        consumer.disconnect();
        producer.disconnect();
        await loop;
      },
    };
  },
  // What the component declares: a durable fanout exchange per topic, a durable queue per subscriber (never deleted
  // when unused), persistent messages, publisher confirms, manual acks with prefetch 20. A connection per side.
  rabbitmq: async (vars, inbox) => {
    const url = `amqp://guest:guest@127.0.0.1:${vars.RABBITMQ_PORT}`;
    const queue = `${DIRECT_GROUP}-${DIRECT_TOPIC}`;
    const publisherConnection = await amqplib.connect(url);
    const subscriberConnection = await amqplib.connect(url);
    const errors = [];
    for (const connection of [publisherConnection, subscriberConnection]) connection.on('error', (error) => errors.push(error));
    const publisher = await publisherConnection.createConfirmChannel();
    await publisher.assertExchange(DIRECT_TOPIC, 'fanout', { durable: true, autoDelete: false });
    const subscriber = await subscriberConnection.createChannel();
    await subscriber.assertExchange(DIRECT_TOPIC, 'fanout', { durable: true, autoDelete: false });
    await subscriber.assertQueue(queue, { durable: true, autoDelete: false });
    await subscriber.bindQueue(queue, DIRECT_TOPIC, '');
    await subscriber.prefetch(20);
    await subscriber.consume(queue, (message) => {
      if (!message) return;
      inbox.deliver(JSON.parse(message.content.toString('utf8')), performance.now());
      subscriber.ack(message);
    }, { noAck: false });
    return {
      topic: DIRECT_TOPIC,
      client: `amqplib ${await packageVersion('amqplib')}`,
      publish: (event) => new Promise((resolve, reject) => {
        if (errors.length) return reject(errors[0]);
        publisher.publish(DIRECT_TOPIC, '', Buffer.from(JSON.stringify(event)), { persistent: true, contentType: 'application/cloudevents+json', messageId: event.id }, (error) => (error ? reject(error) : resolve()));
      }),
      close: async () => {
        await subscriberConnection.close().catch(() => undefined);
        await publisherConnection.close().catch(() => undefined);
      },
    };
  },
  // acks -1 (all in-sync replicas: with one broker, the leader's log), like Dapr's sarama SyncProducer (WaitForAll).
  // One consumer group reading from the oldest offset, offsets committed by kafkajs after each message is handled.
  kafka: async (vars, inbox, logDir) => {
    const { Kafka, logLevel, Partitioners } = kafkajs;
    const logFile = path.join(logDir, 'kafkajs.log');
    const kafka = new Kafka({
      clientId: 'bench-direct',
      brokers: [`127.0.0.1:${vars.KAFKA_PORT}`],
      logLevel: logLevel.WARN,
      logCreator: () => ({ namespace, level, log }) => appendFileSync(logFile, `${new Date().toISOString()} ${level} ${namespace} ${log.message}\n`),
    });
    const admin = kafka.admin();
    await admin.connect();
    // kafkajs's own waitForLeaders gives up on the first UNKNOWN_TOPIC_OR_PARTITION a KRaft broker answers while the
    // new partition is being placed; ask for the leader until it is there instead.
    await admin.createTopics({ topics: [{ topic: DIRECT_TOPIC, numPartitions: 1, replicationFactor: 1 }], waitForLeaders: false });
    const leaderDeadline = Date.now() + 30_000;
    for (;;) {
      const metadata = await admin.fetchTopicMetadata({ topics: [DIRECT_TOPIC] }).catch(() => undefined);
      if (metadata?.topics[0]?.partitions.every((partition) => partition.leader >= 0)) break;
      if (Date.now() > leaderDeadline) throw new Error(`kafka: ${DIRECT_TOPIC} has no leader after 30 s`);
      await sleep(250);
    }
    await admin.disconnect();
    const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, allowAutoTopicCreation: false });
    await producer.connect();
    const consumer = kafka.consumer({ groupId: DIRECT_GROUP });
    await consumer.connect();
    await consumer.subscribe({ topics: [DIRECT_TOPIC], fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message }) => inbox.deliver(JSON.parse(message.value.toString('utf8')), performance.now()) });
    return {
      topic: DIRECT_TOPIC,
      client: `kafkajs ${await packageVersion('kafkajs')}`,
      publish: async (event) => {
        await producer.send({ topic: DIRECT_TOPIC, acks: -1, messages: [{ value: JSON.stringify(event) }] });
      },
      close: async () => {
        await consumer.disconnect();
        await producer.disconnect();
      },
    };
  },
  // The file stream ensureJetStreamStreams made; publish waits for the PubAck (with the event id as Nats-Msg-Id,
  // as Dapr sends it); a durable consumer with explicit acks, ack wait 30 s, deliver all (the component's settings),
  // consumed with the pull API's consume() (Dapr's component uses a push consumer with a queue group).
  nats: async (vars, inbox) => {
    const servers = `127.0.0.1:${vars.NATS_PORT}`;
    const publisherConnection = await nats.connect({ servers, name: 'bench-direct-publisher' });
    const subscriberConnection = await nats.connect({ servers, name: 'bench-direct-subscriber' });
    const js = publisherConnection.jetstream();
    const stream = jetStreamStreamName(DIRECT_TOPIC);
    const manager = await subscriberConnection.jetstreamManager();
    await manager.consumers.add(stream, {
      durable_name: DIRECT_GROUP,
      ack_policy: nats.AckPolicy.Explicit,
      deliver_policy: nats.DeliverPolicy.All,
      ack_wait: nats.nanos(30_000),
      filter_subject: DIRECT_TOPIC,
    });
    const consumer = await subscriberConnection.jetstream().consumers.get(stream, DIRECT_GROUP);
    const messages = await consumer.consume();
    const decoder = new TextDecoder();
    const encoder = new TextEncoder();
    const loop = (async () => {
      for await (const message of messages) {
        inbox.deliver(JSON.parse(decoder.decode(message.data)), performance.now());
        message.ack();
      }
    })();
    return {
      topic: DIRECT_TOPIC,
      client: `nats.js ${await packageVersion('nats')}`,
      publish: async (event) => {
        await js.publish(DIRECT_TOPIC, encoder.encode(JSON.stringify(event)), { msgID: event.id });
      },
      close: async () => {
        await messages.close().catch(() => undefined);
        await loop.catch(() => undefined);
        await subscriberConnection.close();
        await publisherConnection.close();
      },
    };
  },
};

async function packageVersion(name) {
  return JSON.parse(readFileSync(path.join(repoRoot, 'node_modules', name, 'package.json'), 'utf8')).version;
}

// ---------------------------------------------------------------------------------------------------------------------
// The measurements.

/** Publishes probes until one comes back: a subscription is in place some time after its sidecar or client is ready. */
async function waitUntilFlowing(side, inbox, label) {
  const deadline = Date.now() + SUBSCRIBE_TIMEOUT_MS;
  let lastError;
  for (let n = 0; Date.now() < deadline; n += 1) {
    checkpoint();
    const id = `${label}-probe-${n}`;
    const arrived = inbox.waitFor(id, 1000);
    try {
      await side.publish(cloudEvent(id, side.topic, performance.now()));
    } catch (error) {
      lastError = error;
      inbox.cancel(id);
      await sleep(1000);
      continue;
    }
    if ((await Promise.race([arrived, interruption])) !== undefined) return;
  }
  throw new Error(`${label}: no message came back within ${SUBSCRIBE_TIMEOUT_MS} ms${lastError ? ` (last publish error: ${lastError.message})` : ''}`);
}

/** One message at a time: publish, wait until it is consumed, next. */
async function latencyPhase(side, inbox, label, count) {
  const deadline = Date.now() + settings.phaseSeconds * 1000;
  const samples = [];
  const publishMs = [];
  let sent = 0;
  for (let i = 0; i < count && Date.now() < deadline; i += 1) {
    checkpoint();
    const id = `${label}-${i}`;
    const arrived = inbox.waitFor(id, Math.min(MESSAGE_TIMEOUT_MS, deadline - Date.now()));
    const sentAt = performance.now();
    try {
      await side.publish(cloudEvent(id, side.topic, sentAt));
    } catch (error) {
      inbox.cancel(id);
      throw error;
    }
    publishMs.push(performance.now() - sentAt);
    sent += 1;
    const arrivedAt = await Promise.race([arrived, interruption]);
    if (arrivedAt !== undefined) samples.push(arrivedAt - sentAt);
  }
  return { planned: count, sent, consumed: samples.length, complete: samples.length === count, latencyMs: summariseLatencies(samples), publishMs: summariseLatencies(publishMs) };
}

/** `total` messages, `concurrency` publishes in flight, until every one is consumed (or the phase's time is up). */
async function throughputPhase(side, inbox, label, total, concurrency) {
  const deadline = Date.now() + settings.phaseSeconds * 1000;
  const counter = inbox.count(`${label}-`, total);
  const started = performance.now();
  let next = 0;
  let published = 0;
  let failure;
  const worker = async () => {
    while (next < total && Date.now() < deadline && !failure && !interrupted) {
      const i = next;
      next += 1;
      try {
        await side.publish(cloudEvent(`${label}-${i}`, side.topic, performance.now()));
        published += 1;
      } catch (error) {
        failure ??= error;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const publishSeconds = (performance.now() - started) / 1000;
  if (failure) {
    inbox.stopCounting(counter);
    throw failure;
  }
  let timer;
  await Promise.race([counter.done, interruption, new Promise((resolve) => { timer = setTimeout(resolve, Math.max(0, deadline - Date.now())); })]);
  clearTimeout(timer);
  inbox.stopCounting(counter);
  checkpoint();
  const seconds = ((counter.lastAt ?? performance.now()) - started) / 1000;
  return {
    planned: total,
    published,
    consumed: counter.arrived,
    complete: counter.arrived === total,
    seconds: +seconds.toFixed(3),
    publishSeconds: +publishSeconds.toFixed(3),
    messagesPerSecond: Math.round(counter.arrived / seconds),
    // Publish-to-consume latency while the queue is loaded: mostly time spent waiting in it.
    loadedLatencyMs: summariseLatencies(counter.latencies, 1),
  };
}

// ---------------------------------------------------------------------------------------------------------------------
// Processes: everything started is stopped, in reverse order, also on error, Ctrl-C or the watchdog.

/** Stops everything of the broker being measured; set by benchBroker, called by it, a second signal or the watchdog. */
let stopActive = async () => undefined;

/** Newest first; also whatever is added while earlier ones are being stopped. */
async function runCleanups(cleanups) {
  while (cleanups.length) {
    const [what, stop] = cleanups.pop();
    await withTimeout(Promise.resolve().then(stop), CLOSE_TIMEOUT_MS, `stopping ${what}`).catch((error) => console.error(`  ! ${error.message}`));
  }
}

/** Alive and not a zombie (an exited process whose parent died waits for init to reap it; it runs nothing). */
function isRunning(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

const describe = (pid) => {
  try {
    return execFileSync('ps', ['-o', 'pid=,args=', '-p', String(pid)], { encoding: 'utf8' }).trim().slice(0, 160);
  } catch {
    return String(pid);
  }
};

/** The given processes and all their descendants (Erlang's helpers leave the process group). */
function processTree(roots) {
  const children = new Map();
  for (const line of execFileSync('ps', ['-e', '-o', 'pid=,ppid='], { encoding: 'utf8' }).trim().split('\n')) {
    const [pid, ppid] = line.trim().split(/\s+/).map(Number);
    children.set(ppid, [...(children.get(ppid) ?? []), pid]);
  }
  const found = [];
  const queue = [...roots];
  while (queue.length) {
    const pid = queue.shift();
    if (!isRunning(pid)) continue;
    found.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return found;
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, async () => {
    if (interrupted) {
      console.error(`\n${signal} again: stopping everything now …`);
      await stopActive();
      process.exit(130);
    }
    interrupted = true;
    onInterrupt(undefined);
    console.error(`\n${signal}: ending the run, stopping everything the benchmark started …`);
  });
}

async function benchBroker(name) {
  const runtimeDir = mkdtempSync(path.join(os.tmpdir(), `shop-bench-pubsub-${name}-`));
  const logDir = path.join(runtimeDir, 'logs');
  mkdirSync(logDir, { recursive: true });
  const cleanups = [];
  const inbox = new Inbox();
  const loadBefore = loadavg();
  const started = Date.now();
  let ownPids = [];
  let logs = () => '';
  let stopping;
  const stopEverything = () => (stopping ??= (async () => {
    const tree = ownPids.length ? processTree(ownPids) : [];
    await runCleanups(cleanups);
    // Whatever outlived its stop (a helper that left its group) is ours: gone too, and reported.
    const survivors = tree.filter(isRunning).map((pid) => ({ pid, what: describe(pid) }));
    for (const { pid } of survivors) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        /* gone meanwhile */
      }
    }
    if (survivors.length) console.error(`[${name}] outlived their stop, killed: ${survivors.map((s) => s.what).join('; ')}`);
    rmSync(runtimeDir, { recursive: true, force: true });
  })());
  stopActive = stopEverything;
  try {
    const broker = await brokerStarters[name](path.join(runtimeDir, name), logDir);
    cleanups.push([name, () => broker.stop()]);
    checkpoint();

    const componentsDir = path.join(runtimeDir, 'components');
    renderFile(path.join(repoRoot, 'components', 'profiles', 'pubsub', name, 'pubsub.yaml'), path.join(componentsDir, 'pubsub.yaml'), broker.templateVariables);
    renderFile(path.join(repoRoot, 'components', 'local', 'resiliency-pubsub.yaml'), path.join(componentsDir, 'resiliency-pubsub.yaml'), {});
    addScopes(componentsDir, [PUBLISHER_ID, SUBSCRIBER_ID]);
    const configFile = path.join(runtimeDir, 'config.yaml');
    renderSharedConfiguration(configFile, path.join(runtimeDir, 'name-resolution.db'));

    const app = await startSubscriberApp(inbox);
    cleanups.push(['subscriber app', app.close]);
    const ports = await freePorts(8);
    checkpoint();
    const sidecar = (appId, offset, appPort) => startSidecar({
      appId, ...(appPort ? { appPort } : {}),
      httpPort: ports[offset], grpcPort: ports[offset + 1], internalGrpcPort: ports[offset + 2], metricsPort: ports[offset + 3],
      resourcesPath: componentsDir, configFile,
      // No actors, workflows or jobs here: daprd runs without placement, scheduler and sentry.
      placementAddress: '', schedulerAddress: '', logDir,
    });
    const subscriberSidecar = sidecar(SUBSCRIBER_ID, 0, app.port);
    cleanups.push([`${SUBSCRIBER_ID} daprd`, () => stopProcess(subscriberSidecar.pid)]);
    const publisherSidecar = sidecar(PUBLISHER_ID, 4);
    cleanups.push([`${PUBLISHER_ID} daprd`, () => stopProcess(publisherSidecar.pid)]);
    ownPids = [...broker.processes.map((p) => p.pid), subscriberSidecar.pid, publisherSidecar.pid];
    logs = () => [...broker.processes, subscriberSidecar, publisherSidecar].map((p) => `--- ${p.name} ---\n${tail(p.logFile, 15)}`).join('\n');
    await waitForSidecarReady(subscriberSidecar, ports[0]);
    await waitForSidecarReady(publisherSidecar, ports[4]);
    checkpoint();

    const dapr = daprSide(ports[4]);
    const direct = await directStarters[name](broker.templateVariables, inbox, logDir);
    cleanups.push(['direct clients', direct.close]);
    checkpoint();
    const startSeconds = +((Date.now() - started) / 1000).toFixed(1);
    console.log(`[${name}] up in ${startSeconds} s (broker, two sidecars, direct clients: ${direct.client}); load ${loadavg().join(' / ')}`);

    await waitUntilFlowing(dapr, inbox, 'dapr');
    await waitUntilFlowing(direct, inbox, 'direct');
    await latencyPhase(dapr, inbox, 'dapr-warm-up', settings.warmUpMessages);
    await latencyPhase(direct, inbox, 'direct-warm-up', settings.warmUpMessages);
    // Alternating the sides spreads any drift of the (shared) machine over both.
    const result = { dapr: {}, direct: {} };
    result.dapr.latency = await latencyPhase(dapr, inbox, 'dapr-latency', settings.latencyMessages);
    result.direct.latency = await latencyPhase(direct, inbox, 'direct-latency', settings.latencyMessages);
    result.dapr.throughput = await throughputPhase(dapr, inbox, 'dapr-throughput', settings.throughputMessages, settings.concurrency);
    result.direct.throughput = await throughputPhase(direct, inbox, 'direct-throughput', settings.throughputMessages, settings.concurrency);
    const ratio = {
      p50: +(result.dapr.latency.latencyMs.p50 / result.direct.latency.latencyMs.p50).toFixed(1),
      p99: +(result.dapr.latency.latencyMs.p99 / result.direct.latency.latencyMs.p99).toFixed(1),
      addedP50Ms: +(result.dapr.latency.latencyMs.p50 - result.direct.latency.latencyMs.p50).toFixed(2),
      throughput: +(result.direct.throughput.messagesPerSecond / result.dapr.throughput.messagesPerSecond).toFixed(1),
    };
    const complete = [result.dapr.latency, result.direct.latency, result.dapr.throughput, result.direct.throughput].every((phase) => phase.complete);
    return { broker: name, client: direct.client, ok: true, complete, startSeconds, duplicates: inbox.duplicates, loadBefore, loadAfter: loadavg(), ...result, ratio };
  } catch (error) {
    if (!interrupted) console.error(`[${name}] failed: ${error.stack ?? error}\n${logs()}`);
    return { broker: name, ok: false, error: String(error.message ?? error), loadBefore, loadAfter: loadavg() };
  } finally {
    await stopEverything();
  }
}

// ---------------------------------------------------------------------------------------------------------------------

const round2 = (value) => +value.toFixed(2);
const fmt = (value, digits = 2) => (Number.isFinite(value) ? value.toFixed(digits) : '–');
const watchdog = setTimeout(async () => {
  console.error(`watchdog: the run exceeded ${(WATCHDOG_MS_PER_BROKER * brokers.length) / 60_000} min; stopping everything`);
  await stopActive();
  process.exit(2);
}, WATCHDOG_MS_PER_BROKER * brokers.length);
watchdog.unref();

const runStartedAt = new Date();
console.log(`Dapr ${versions.DAPR_RUNTIME_VERSION}, node ${process.version}, ${os.cpus().length} cores, load average ${loadavg().join(' / ')} (1/5/15 min)`);
console.log(`brokers: ${brokers.join(', ')}; latency: ${settings.latencyMessages} sequential messages after ${settings.warmUpMessages} warm-up; throughput: ${settings.throughputMessages} messages, ${settings.concurrency} in flight; each phase at most ${settings.phaseSeconds} s`);
const results = [];
for (const name of brokers) {
  const result = await benchBroker(name);
  if (interrupted) process.exit(130);
  results.push(result);
  if (result.ok) {
    const line = (side) => `${side.padEnd(6)} p50 ${fmt(result[side].latency.latencyMs.p50)} ms  p99 ${fmt(result[side].latency.latencyMs.p99)} ms  ${result[side].throughput.messagesPerSecond} msg/s (loaded p50 ${fmt(result[side].throughput.loadedLatencyMs.p50, 1)} ms)`;
    console.log(`[${name}] ${line('dapr')}\n[${name}] ${line('direct')}\n[${name}] Dapr/direct: p50 ×${result.ratio.p50} (${result.ratio.addedP50Ms >= 0 ? '+' : ''}${result.ratio.addedP50Ms} ms), p99 ×${result.ratio.p99}, throughput ÷${result.ratio.throughput}${result.complete ? '' : '  (INCOMPLETE: a phase hit its bound, see the JSON)'}`);
  }
}
clearTimeout(watchdog);

const rows = Object.fromEntries(results.map((r) => [r.broker, r.ok
  ? {
      'Dapr p50 ms': round2(r.dapr.latency.latencyMs.p50), 'Dapr p99 ms': round2(r.dapr.latency.latencyMs.p99), 'Dapr msg/s': r.dapr.throughput.messagesPerSecond,
      'direct p50 ms': round2(r.direct.latency.latencyMs.p50), 'direct p99 ms': round2(r.direct.latency.latencyMs.p99), 'direct msg/s': r.direct.throughput.messagesPerSecond,
      'p50 ×': r.ratio.p50, 'p99 ×': r.ratio.p99, 'msg/s ÷': r.ratio.throughput, complete: r.complete,
    }
  : { error: r.error }]));
console.log(`\nload average at the end ${loadavg().join(' / ')} on ${os.cpus().length} cores: other work shares this machine, so the numbers are indicative`);
console.table(rows);
console.log('\nREADME table:\n');
console.log('| broker | through Dapr p50 / p99 | through Dapr msg/s | direct p50 / p99 | direct msg/s | Dapr/direct p50 / p99 | throughput ratio |');
console.log('|---|---|---|---|---|---|---|');
for (const r of results.filter((x) => x.ok)) {
  console.log(`| ${r.broker} (${r.client}) | ${fmt(r.dapr.latency.latencyMs.p50)} ms / ${fmt(r.dapr.latency.latencyMs.p99)} ms | ${r.dapr.throughput.messagesPerSecond} | ${fmt(r.direct.latency.latencyMs.p50)} ms / ${fmt(r.direct.latency.latencyMs.p99)} ms | ${r.direct.throughput.messagesPerSecond} | ×${r.ratio.p50} / ×${r.ratio.p99} | ÷${r.ratio.throughput} |`);
}

mkdirSync(path.join(here, 'results'), { recursive: true });
writeFileSync(
  path.join(here, 'results', 'pubsub.json'),
  `${JSON.stringify({ date: runStartedAt.toISOString(), dapr: versions.DAPR_RUNTIME_VERSION, node: process.version, cores: os.cpus().length, settings, mtls: false, results }, null, 2)}\n`,
);
const failed = results.filter((r) => !r.ok || !r.complete).map((r) => r.broker);
if (failed.length) console.error(`\nnot complete: ${failed.join(', ')}`);
// Every process this run started is stopped; the clients' sockets are closed. Exit now rather than wait for a timer
// some client library may still hold.
process.exit(failed.length ? 1 : 0);
