import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { isPortOpen } from '../ports';
import { spawnLogged, type ManagedProcess } from '../processes';
import { stopInReverse, waitUntilServing, type RunningBroker } from './broker';

export interface RabbitMqPorts {
  amqp: number;
  /** Erlang distribution (how the CLI tools reach the node). */
  distribution: number;
  /** This copy's own epmd: the default 4369 is shared by every Erlang node on the machine. */
  epmd: number;
}

export interface RabbitMqOptions {
  dataDir: string;
  logDir: string;
  ports: RabbitMqPorts;
}

/** The scripts themselves: Debian's wrappers in /usr/sbin switch to the rabbitmq user and log under /var/log. */
const RABBITMQ_BIN = '/usr/lib/rabbitmq/bin';
/**
 * Fixed, so the Mnesia database under the data folder (which records the node name) is found again on the next start.
 * Two copies never meet: each registers with its own epmd.
 */
export const RABBITMQ_NODE_NAME = 'shop-rabbit@localhost';
const LOOPBACK_ONLY = '-kernel inet_dist_use_interface {127,0,0,1}';

const execFileAsync = promisify(execFile);

/**
 * A project-owned RabbitMQ on loopback: its own epmd, node name, distribution port, Mnesia and config files under the
 * data folder, so it never meets the system's broker or another copy. Resolves once the node answers its own CLI and
 * the AMQP port is open.
 */
export async function startRabbitMq(options: RabbitMqOptions): Promise<RunningBroker> {
  const env = rabbitMqEnvironment(options);
  prepareDataDir(options.dataDir);
  const processes: ManagedProcess[] = [];
  const stop = () => stopInReverse(processes, 15_000);
  try {
    // Started by us in the foreground: otherwise the Erlang VM (and every CLI call) starts `epmd -daemon`, which
    // leaves the process group and outlives the broker.
    const epmd = spawnLogged({
      name: 'rabbitmq-epmd',
      command: 'epmd',
      args: ['-port', String(options.ports.epmd), '-address', '127.0.0.1'],
      logFile: path.join(options.logDir, 'rabbitmq-epmd.log'),
      env,
    });
    processes.push(epmd);
    await waitUntilServing(epmd, 'rabbitmq epmd', () => isPortOpen(options.ports.epmd), 10_000);

    // The start script traps SIGTERM and stops the VM gracefully; the whole group gets it from stopProcess.
    const server = spawnLogged({ name: 'rabbitmq', command: path.join(RABBITMQ_BIN, 'rabbitmq-server'), args: [], cwd: options.dataDir, logFile: path.join(options.logDir, 'rabbitmq.log'), env });
    processes.push(server);
    await waitUntilServing(server, 'rabbitmq (amqp port)', () => isPortOpen(options.ports.amqp), 90_000);
    // The listener opens late in the boot, but `check_running` is the node's own word that the rabbit app is up.
    await waitUntilServing(server, 'rabbitmq (check_running)', () => rabbitMqAnswers(env), 30_000, 500);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    name: 'rabbitmq',
    processes,
    templateVariables: { RABBITMQ_HOST: '127.0.0.1', RABBITMQ_PORT: String(options.ports.amqp) },
    stop,
  };
}

/** Everything RabbitMQ reads from the environment, pointed into the data folder; nothing inherited from the caller. */
export function rabbitMqEnvironment({ dataDir, ports }: RabbitMqOptions): NodeJS.ProcessEnv {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(RABBITMQ_|ERL_)/.test(name)));
  return {
    ...inherited,
    // The Erlang cookie lives in $HOME: the server and its CLI tools must read the same one.
    HOME: dataDir,
    LANG: 'C.UTF-8',
    RABBITMQ_NODENAME: RABBITMQ_NODE_NAME,
    RABBITMQ_NODE_IP_ADDRESS: '127.0.0.1',
    RABBITMQ_NODE_PORT: String(ports.amqp),
    RABBITMQ_DIST_PORT: String(ports.distribution),
    RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS: LOOPBACK_ONLY,
    ERL_EPMD_PORT: String(ports.epmd),
    ERL_EPMD_ADDRESS: '127.0.0.1',
    // The CLI tools are Erlang nodes too. Their default listening range (35672-35682) lies in the kernel's ephemeral
    // range; 0 lets the kernel choose a free port, which cannot clash.
    RABBITMQ_CTL_ERL_ARGS: LOOPBACK_ONLY,
    RABBITMQ_CTL_DIST_PORT_MIN: '0',
    RABBITMQ_CTL_DIST_PORT_MAX: '0',
    RABBITMQ_MNESIA_BASE: path.join(dataDir, 'mnesia'),
    RABBITMQ_LOG_BASE: path.join(dataDir, 'log'),
    // To stdout, which spawnLogged appends to the log file.
    RABBITMQ_LOGS: '-',
    RABBITMQ_PID_FILE: path.join(dataDir, 'rabbitmq.pid'),
    // Never the machine's /etc/rabbitmq files: this copy's settings are all here.
    RABBITMQ_CONF_ENV_FILE: path.join(dataDir, 'rabbitmq-env.conf'),
    RABBITMQ_CONFIG_FILE: path.join(dataDir, 'rabbitmq.conf'),
    RABBITMQ_ADVANCED_CONFIG_FILE: path.join(dataDir, 'advanced.config'),
    RABBITMQ_ENABLED_PLUGINS_FILE: path.join(dataDir, 'enabled_plugins'),
  };
}

function prepareDataDir(dataDir: string): void {
  mkdirSync(path.join(dataDir, 'log'), { recursive: true });
  const cookie = path.join(dataDir, '.erlang.cookie');
  if (!existsSync(cookie)) writeFileSync(cookie, randomBytes(20).toString('hex').toUpperCase(), { mode: 0o400 });
  // No plugins: Dapr speaks AMQP 0-9-1, which the core broker serves.
  writeFileSync(path.join(dataDir, 'enabled_plugins'), '[].\n');
  writeFileSync(
    path.join(dataDir, 'rabbitmq.conf'),
    [
      '# Written by packages/local-platform (brokers/rabbitmq.ts) on every start.',
      '# guest/guest is accepted from loopback only, and this broker listens on loopback only.',
      'loopback_users.guest = true',
      'log.console = true',
      'log.console.level = info',
      'log.file = false',
      '# Dapr 1.18\'s RabbitMQ subscriber can leave an orphaned consumer behind when it reconnects after a broker restart',
      '# (dapr/components-contrib#4540); the messages prefetched to it would stay unacknowledged for ever. A consumer that',
      '# holds a delivery longer than this has its channel closed and the delivery requeued, so they reach the live',
      '# consumer. Well above any handler of this platform (Dapr acks when the app answers).',
      'consumer_timeout = 30000',
      '',
    ].join('\n'),
  );
  // The broker looks for deliveries past consumer_timeout on each channel tick, every 60 s by default: a parked delivery
  // could wait 90 s. Every 5 s, it waits 35 s at most.
  writeFileSync(
    path.join(dataDir, 'advanced.config'),
    '%% Written by packages/local-platform (brokers/rabbitmq.ts) on every start: how often consumer_timeout is checked.\n[{rabbit, [{channel_tick_interval, 5000}]}].\n',
  );
}

async function rabbitMqAnswers(env: NodeJS.ProcessEnv): Promise<boolean> {
  await execFileAsync(path.join(RABBITMQ_BIN, 'rabbitmq-diagnostics'), ['-q', 'check_running'], { env, timeout: 15_000 });
  return true;
}
