import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { RunningBroker } from '../../src/brokers/broker';
import { ensureJetStreamStreams } from '../../src/brokers/jetstream-streams';
import { startKafka } from '../../src/brokers/kafka';
import { startNats } from '../../src/brokers/nats';
import { startRabbitMq } from '../../src/brokers/rabbitmq';
import { addScopes, renderFile } from '../../src/components';
import { repoRoot } from '../../src/paths';
import { freePorts, waitUntil } from '../../src/ports';
import { stopProcess, tail } from '../../src/processes';
import { renderSharedConfiguration } from '../../src/platform';
import { startSidecar, waitForSidecarReady } from '../../src/sidecar';

/**
 * One broker of components/profiles/pubsub/*, its rendered `pubsub` component loaded by a real daprd, and a subscriber app
 * behind that daprd: everything on free ports in a throw-away folder.
 */
export type BrokerName = 'rabbitmq' | 'nats' | 'kafka';

export const APP_ID = 'broker-probe';
export const OTHER_APP_ID = 'broker-probe-other';
export const TOPIC = 'broker.probed';
export const DEAD_LETTER_TOPIC = 'deadletter';

export interface Delivery {
  route: string;
  id: string;
}

/** One instance of a subscribing app: the app (in this process) and its own daprd. */
export interface SubscribingApp {
  appId: string;
  /** Every delivery this instance answered, in arrival order. */
  deliveries: Delivery[];
  publish(id: string, data: Record<string, unknown>): Promise<void>;
  stop(): Promise<void>;
  log(): string;
}

export interface BrokerUnderTest {
  broker: RunningBroker;
  /** The first instance of APP_ID, subscribed before the tests run. */
  app: SubscribingApp;
  /** Another instance (another app, or a replica of one) with its own daprd, on the same component. */
  startApp(appId: string): Promise<SubscribingApp>;
  /** The broker's processes and every descendant of theirs, alive now. */
  brokerProcessTree(): number[];
  stopBroker(): Promise<void>;
  stop(): Promise<void>;
  logs(): string;
}

const starters: Record<BrokerName, (dataDir: string, logDir: string) => Promise<RunningBroker>> = {
  rabbitmq: async (dataDir, logDir) => {
    const [amqp, distribution, epmd] = (await freePorts(3)) as [number, number, number];
    return startRabbitMq({ dataDir, logDir, ports: { amqp, distribution, epmd } });
  },
  nats: async (dataDir, logDir) => {
    const [client, monitor] = (await freePorts(2)) as [number, number];
    const broker = await startNats({ dataDir, logDir, ports: { client, monitor } });
    await ensureJetStreamStreams(client, [TOPIC, DEAD_LETTER_TOPIC]).catch(async (error: Error) => {
      await broker.stop();
      throw error;
    });
    return broker;
  },
  kafka: async (dataDir, logDir) => {
    const [broker, controller] = (await freePorts(2)) as [number, number];
    return startKafka({ dataDir, logDir, ports: { broker, controller } });
  },
};

export async function startBrokerUnderTest(name: BrokerName): Promise<BrokerUnderTest> {
  const runtimeDir = mkdtempSync(path.join(os.tmpdir(), `shop-broker-${name}-`));
  const logDir = path.join(runtimeDir, 'logs');
  mkdirSync(logDir, { recursive: true });
  const stoppers: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const stopOne of stoppers.splice(0).reverse()) await stopOne();
    rmSync(runtimeDir, { recursive: true, force: true });
  };
  let broker: RunningBroker | undefined;
  const apps: SubscribingApp[] = [];
  const logs = () => [`--- ${name} ---`, ...(broker?.processes.map((p) => tail(p.logFile, 20)) ?? []), ...apps.map((app) => app.log())].join('\n');
  try {
    broker = await starters[name](path.join(runtimeDir, name), logDir);
    const running = broker;
    stoppers.push(() => running.stop());

    const componentsDir = path.join(runtimeDir, 'components');
    renderFile(path.join(repoRoot, 'components', 'profiles', 'pubsub', name, 'pubsub.yaml'), path.join(componentsDir, 'pubsub.yaml'), broker.templateVariables);
    addScopes(componentsDir, [APP_ID, OTHER_APP_ID]);
    const configFile = path.join(runtimeDir, 'config.yaml');
    renderSharedConfiguration(configFile, path.join(runtimeDir, 'name-resolution.db'));

    const startApp = async (appId: string) => {
      const app = await startSubscribingApp(appId, `${appId}-${apps.length + 1}`, { componentsDir, configFile, logDir });
      apps.push(app);
      stoppers.push(app.stop);
      return app;
    };
    const app = await startApp(APP_ID);
    await waitUntilSubscribed(app, app).catch((error: Error) => {
      throw new Error(`${error.message}\n${logs()}`);
    });

    return {
      broker: running,
      app,
      startApp,
      brokerProcessTree: () => descendantsOf(running.processes.map((p) => p.pid)),
      stopBroker: () => running.stop(),
      stop,
      logs,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function startSubscribingApp(appId: string, instance: string, resources: { componentsDir: string; configFile: string; logDir: string }): Promise<SubscribingApp> {
  const subscriber = await startSubscriber();
  const [httpPort, grpcPort, internalGrpcPort, metricsPort] = (await freePorts(4)) as [number, number, number, number];
  const sidecar = startSidecar({
    appId,
    appPort: subscriber.port,
    httpPort,
    grpcPort,
    internalGrpcPort,
    metricsPort,
    resourcesPath: resources.componentsDir,
    configFile: resources.configFile,
    // No actors or jobs here: daprd runs without the control plane.
    placementAddress: '',
    schedulerAddress: '',
    logDir: path.join(resources.logDir, instance),
    logLevel: 'info',
  });
  const stop = async () => {
    await stopProcess(sidecar.pid);
    await subscriber.close();
  };
  try {
    await waitForSidecarReady(sidecar, httpPort);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    appId,
    deliveries: subscriber.deliveries,
    publish: async (id, data) => {
      const response = await fetch(`http://127.0.0.1:${httpPort}/v1.0/publish/pubsub/${TOPIC}`, {
        method: 'POST',
        headers: { 'content-type': 'application/cloudevents+json' },
        body: JSON.stringify({ specversion: '1.0', id, source: 'broker-test', type: TOPIC, datacontenttype: 'application/json', data }),
      });
      if (response.status !== 204) throw new Error(`publish ${id} answered ${response.status}: ${await response.text()}`);
    },
    stop,
    log: () => `--- ${instance} daprd ---\n${tail(sidecar.logFile, 20)}`,
  };
}

/**
 * A subscription is in place some time after daprd reports ready (a RabbitMQ queue is bound, a Kafka consumer group
 * joined). Until then an event may reach no queue at all, so warm-up events are published until one comes back.
 */
export async function waitUntilSubscribed(subscriber: SubscribingApp, publisher: SubscribingApp): Promise<void> {
  await waitUntil(`${subscriber.appId}'s first event through the broker`, async () => {
    if (subscriber.deliveries.some((d) => d.id.startsWith('warm-up-'))) return true;
    await publisher.publish(`warm-up-${randomUUID()}`, {});
    return false;
  }, 90_000, 1_000);
}

/** The app behind the sidecar: subscribes to TOPIC (dead letters to DEAD_LETTER_TOPIC) and to the dead-letter topic. */
async function startSubscriber(): Promise<{ port: number; deliveries: Delivery[]; close: () => Promise<void> }> {
  const deliveries: Delivery[] = [];
  const server = http.createServer(async (req, res) => {
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.method === 'GET' && req.url === '/healthz') return send(200, { status: 'ok' });
    if (req.method === 'GET' && req.url === '/dapr/subscribe') {
      return send(200, [
        { pubsubname: 'pubsub', topic: TOPIC, route: `/events/${TOPIC}`, deadLetterTopic: DEAD_LETTER_TOPIC },
        { pubsubname: 'pubsub', topic: DEAD_LETTER_TOPIC, route: `/events/${DEAD_LETTER_TOPIC}` },
      ]);
    }
    if (req.method === 'POST' && req.url?.startsWith('/events/')) {
      let body = '';
      for await (const chunk of req) body += chunk;
      const event = JSON.parse(body) as { id: string; data?: { drop?: boolean } };
      const route = req.url.slice('/events/'.length);
      deliveries.push({ route, id: event.id });
      return send(200, { status: route === TOPIC && event.data?.drop ? 'DROP' : 'SUCCESS' });
    }
    send(404, { error: 'not found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    deliveries,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The given processes and all their descendants (Erlang's helpers leave the process group, so groups are not enough). */
function descendantsOf(roots: number[]): number[] {
  const children = new Map<number, number[]>();
  for (const line of execFileSync('ps', ['-e', '-o', 'pid=,ppid='], { encoding: 'utf8' }).trim().split('\n')) {
    const [pid, ppid] = line.trim().split(/\s+/).map(Number) as [number, number];
    children.set(ppid, [...(children.get(ppid) ?? []), pid]);
  }
  const found: number[] = [];
  const queue = [...roots];
  while (queue.length) {
    const pid = queue.shift()!;
    if (!isRunning(pid)) continue;
    found.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return found;
}

/** Alive and not a zombie (an exited child this machine's init has not reaped yet is not running anything). */
export function isRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

/** `ps` lines of the given processes, for a failure message that says what survived. */
export function describeProcesses(pids: number[]): string[] {
  return pids.filter(isRunning).map((pid) => {
    try {
      return execFileSync('ps', ['-o', 'pid=,comm=,args=', '-p', String(pid)], { encoding: 'utf8' }).trim();
    } catch {
      return `${pid}`;
    }
  });
}
