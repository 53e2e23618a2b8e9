import { StartFailed } from '../platform';
import { waitUntil } from '../ports';
import { isAlive, stopProcess, withLogTail, type ManagedProcess } from '../processes';

/**
 * A message broker the `pubsub` component can be swapped to (components/profiles/pubsub/*), run as project-owned processes on
 * 127.0.0.1 with its data under a folder the caller gives (part of the git-ignored runtime folder).
 */
export interface RunningBroker {
  name: 'rabbitmq' | 'nats' | 'kafka';
  /** Every long-running process of the broker, in start order (RabbitMQ: its own epmd first). */
  processes: ManagedProcess[];
  /** What its Dapr component template needs (`${NAME}` placeholders), e.g. `{ KAFKA_HOST, KAFKA_PORT }`. */
  templateVariables: Record<string, string>;
  /** Stops the processes in reverse start order, each with its process group; resolves once all are gone. */
  stop(): Promise<void>;
}

/**
 * The local profile's fixed broker ports: below 20000 like every fixed port of the platform (outside the kernel's
 * ephemeral range and the range tests draw free ports from), and never a broker's default (5672, 4369, 4222, 9092).
 */
export const LOCAL_BROKER_PORTS = {
  rabbitmq: { amqp: 15680, distribution: 15681, epmd: 15682 },
  nats: { client: 14222, monitor: 18222 },
  kafka: { broker: 19092, controller: 19093 },
} as const;

/** Polls `probe` until the broker serves; fails at once if the process died, and with the end of its log either way. */
export async function waitUntilServing(process: ManagedProcess, what: string, probe: () => Promise<boolean>, timeoutMs: number, intervalMs = 250): Promise<void> {
  await waitUntil(what, async () => {
    if (!isAlive(process.pid)) throw new StartFailed(`${process.name} exited while starting`);
    return probe();
  }, timeoutMs, intervalMs).catch(withLogTail(process.logFile));
}

export async function stopInReverse(processes: ManagedProcess[], graceMs: number): Promise<void> {
  for (const process of [...processes].reverse()) await stopProcess(process.pid, graceMs, process.stopSignal);
}
