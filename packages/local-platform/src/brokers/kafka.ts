import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { cacheRoot, versions } from '../paths';
import { spawnLogged } from '../processes';
import { stopInReverse, waitUntilServing, type RunningBroker } from './broker';

export interface KafkaPorts {
  /** Where clients (Dapr) connect. */
  broker: number;
  /** The KRaft controller quorum (this one node). */
  controller: number;
}

export interface KafkaOptions {
  dataDir: string;
  logDir: string;
  ports: KafkaPorts;
}

/** The jars scripts/install-brokers.sh resolved from Maven Central, outside the repo like the Dapr build. */
export const kafkaLibDir = path.join(cacheRoot, 'kafka', versions.KAFKA_VERSION ?? 'unknown', 'libs');
const NODE_ID = 1;

const execFileAsync = promisify(execFile);

/**
 * A project-owned single-node Kafka in KRaft mode (broker and controller in one JVM, no ZooKeeper) on loopback, its
 * log under the data folder. The storage is formatted on the first start with a cluster id kept in the data folder.
 * Resolves once the broker answers a metadata request listing itself.
 */
export async function startKafka(options: KafkaOptions): Promise<RunningBroker> {
  if (!existsSync(kafkaLibDir)) throw new Error(`Kafka is not installed in ${kafkaLibDir}: run scripts/install-brokers.sh`);
  mkdirSync(options.dataDir, { recursive: true });
  const configFile = writeServerProperties(options);
  const log4jFile = writeLog4jProperties(options.dataDir);
  await formatStorageOnce(options.dataDir, configFile, log4jFile);

  const server = spawnLogged({
    name: 'kafka',
    command: 'java',
    args: [...jvmArgs(log4jFile, options.dataDir), 'kafka.Kafka', configFile],
    logFile: path.join(options.logDir, 'kafka.log'),
    cwd: options.dataDir,
  });
  // SIGTERM is a controlled shutdown (the log is closed cleanly, so the next start skips recovery); give it time.
  const stop = () => stopInReverse([server], 30_000);
  try {
    await waitUntilServing(server, 'kafka (metadata)', () => brokerIsListed(options.ports.broker), 120_000, 500);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    name: 'kafka',
    processes: [server],
    templateVariables: { KAFKA_HOST: '127.0.0.1', KAFKA_PORT: String(options.ports.broker) },
    stop,
  };
}

/** A small heap: one node carrying a handful of topics, on a machine shared with the rest of the platform. */
function jvmArgs(log4jFile: string, dataDir: string): string[] {
  return [
    '-Xms128m', '-Xmx512m',
    '-XX:+UseG1GC', '-XX:MaxGCPauseMillis=20', '-XX:+ExitOnOutOfMemoryError',
    '-Djava.awt.headless=true',
    `-Dlog4j.configuration=file:${log4jFile}`,
    `-Dkafka.logs.dir=${path.join(dataDir, 'logs')}`,
    '-cp', `${kafkaLibDir}/*`,
  ];
}

function writeServerProperties({ dataDir, ports }: KafkaOptions): string {
  const file = path.join(dataDir, 'server.properties');
  const settings: Record<string, string | number> = {
    'process.roles': 'broker,controller',
    'node.id': NODE_ID,
    'controller.quorum.voters': `${NODE_ID}@127.0.0.1:${ports.controller}`,
    listeners: `PLAINTEXT://127.0.0.1:${ports.broker},CONTROLLER://127.0.0.1:${ports.controller}`,
    'advertised.listeners': `PLAINTEXT://127.0.0.1:${ports.broker}`,
    'listener.security.protocol.map': 'PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    'controller.listener.names': 'CONTROLLER',
    'inter.broker.listener.name': 'PLAINTEXT',
    'log.dirs': path.join(dataDir, 'kraft-logs'),
    // One node: every internal topic must make do with one replica, or consumer groups and transactions never start.
    'offsets.topic.replication.factor': 1,
    'transaction.state.log.replication.factor': 1,
    'transaction.state.log.min.isr': 1,
    'num.partitions': 1,
    // Dapr publishes to and subscribes to topics by name without creating them first.
    'auto.create.topics.enable': 'true',
    // A single consumer per group locally: no need to wait 3 s for more members before the first rebalance.
    'group.initial.rebalance.delay.ms': 0,
    'log.retention.hours': 168,
    'num.network.threads': 2,
    'num.io.threads': 2,
  };
  writeFileSync(file, `# Written by packages/local-platform (brokers/kafka.ts) on every start.\n${Object.entries(settings).map(([key, value]) => `${key}=${value}`).join('\n')}\n`);
  return file;
}

/** Kafka 3.9 logs through log4j 1.x (reload4j): to stdout, which spawnLogged appends to the log file. */
function writeLog4jProperties(dataDir: string): string {
  const file = path.join(dataDir, 'log4j.properties');
  writeFileSync(
    file,
    [
      'log4j.rootLogger=INFO, stdout',
      'log4j.appender.stdout=org.apache.log4j.ConsoleAppender',
      'log4j.appender.stdout.layout=org.apache.log4j.PatternLayout',
      'log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n',
      // The chattiest loggers, quiet unless something goes wrong.
      'log4j.logger.kafka.request.logger=WARN',
      'log4j.logger.state.change.logger=WARN',
      'log4j.logger.kafka.log.LogCleaner=WARN',
      'log4j.logger.org.apache.kafka.storage.internals.log=WARN',
      'log4j.logger.org.apache.kafka.raft=WARN',
      '',
    ].join('\n'),
  );
  return file;
}

/** `StorageTool format` once per data folder; the cluster id is kept beside the log so later starts agree with it. */
async function formatStorageOnce(dataDir: string, configFile: string, log4jFile: string): Promise<void> {
  if (existsSync(path.join(dataDir, 'kraft-logs', 'meta.properties'))) return;
  const idFile = path.join(dataDir, 'cluster-id');
  if (!existsSync(idFile)) writeFileSync(idFile, `${newClusterId()}\n`);
  const clusterId = readFileSync(idFile, 'utf8').trim();
  await execFileAsync('java', [...jvmArgs(log4jFile, dataDir), 'kafka.tools.StorageTool', 'format', '--cluster-id', clusterId, '--config', configFile, '--ignore-formatted'], {
    timeout: 60_000,
  }).catch((error: Error & { stdout?: string; stderr?: string }) => {
    throw new Error(`kafka storage format failed: ${error.message}\n${error.stdout ?? ''}${error.stderr ?? ''}`);
  });
}

/** Kafka's Uuid text form: 16 random bytes, URL-safe base64 without padding; never starting with "-" (CLI parsing). */
function newClusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

/**
 * A Metadata request (v1, no topics) over the broker port. The broker lists itself only once it has registered with
 * the controller and is unfenced, i.e. ready for producers and consumer groups; an open port alone is not that.
 */
export function brokerIsListed(port: number): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const clientId = Buffer.from('shop-local-platform');
    const request = Buffer.alloc(4 + 2 + 2 + 4 + 2 + clientId.length + 4);
    let offset = request.writeInt32BE(request.length - 4, 0);
    offset = request.writeInt16BE(3, offset); // api key: Metadata
    offset = request.writeInt16BE(1, offset); // api version
    offset = request.writeInt32BE(1, offset); // correlation id
    offset = request.writeInt16BE(clientId.length, offset);
    offset += clientId.copy(request, offset);
    request.writeInt32BE(0, offset); // topics: none (v1: an empty array, not null, means none)

    const socket = net.connect({ port, host: '127.0.0.1' });
    socket.setTimeout(3_000, () => socket.destroy(new Error('no metadata answer within 3 s')));
    let response = Buffer.alloc(0);
    socket.once('connect', () => socket.write(request));
    socket.on('data', (chunk) => {
      response = Buffer.concat([response, chunk]);
      if (response.length < 4 || response.length < 4 + response.readInt32BE(0)) return;
      socket.destroy();
      // size, correlation id, then the brokers array: its length first.
      resolve(response.readInt32BE(8) > 0);
    });
    socket.once('error', reject);
    socket.once('close', () => resolve(false));
  });
}
