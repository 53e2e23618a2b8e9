import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { httpStatus, isPortOpen } from '../ports';
import { spawnLogged } from '../processes';
import { stopInReverse, waitUntilServing, type RunningBroker } from './broker';

export interface NatsPorts {
  client: number;
  /** HTTP monitoring (/healthz, /jsz). */
  monitor: number;
}

export interface NatsOptions {
  dataDir: string;
  logDir: string;
  ports: NatsPorts;
}

/**
 * A project-owned NATS server with JetStream on loopback, its streams stored under the data folder. Resolves once the
 * server reports itself healthy with JetStream enabled. Streams are not created here: see `ensureJetStreamStreams`.
 */
export async function startNats(options: NatsOptions): Promise<RunningBroker> {
  // NATS keeps its streams in a `jetstream` folder below this.
  const storeDir = options.dataDir;
  mkdirSync(storeDir, { recursive: true });
  const configFile = path.join(options.dataDir, 'nats-server.conf');
  // A config file rather than flags: the flags cannot bind the monitoring port to loopback or bound the store.
  writeFileSync(
    configFile,
    [
      '# Written by packages/local-platform (brokers/nats.ts) on every start.',
      'server_name: shop-nats',
      `listen: "127.0.0.1:${options.ports.client}"`,
      `http: "127.0.0.1:${options.ports.monitor}"`,
      'jetstream {',
      `  store_dir: ${JSON.stringify(storeDir)}`,
      '  max_memory_store: 64MB',
      '  max_file_store: 2GB',
      '}',
      '',
    ].join('\n'),
  );
  const server = spawnLogged({ name: 'nats', command: 'nats-server', args: ['-c', configFile], logFile: path.join(options.logDir, 'nats.log') });
  const stop = () => stopInReverse([server], 15_000);
  try {
    // The monitor answers before JetStream and the client listener are up: ask for both.
    const healthz = `http://127.0.0.1:${options.ports.monitor}/healthz?js-enabled-only=true`;
    await waitUntilServing(server, 'nats (jetstream)', async () => (await httpStatus(healthz)) === 200 && (await isPortOpen(options.ports.client)), 30_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    name: 'nats',
    processes: [server],
    templateVariables: { NATS_HOST: '127.0.0.1', NATS_PORT: String(options.ports.client) },
    stop,
  };
}
