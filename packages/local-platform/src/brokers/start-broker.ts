import { readdirSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../paths';
import type { RabbitMqPorts } from './rabbitmq';
import type { NatsPorts } from './nats';
import type { KafkaPorts } from './kafka';
import type { RunningBroker } from './broker';
import { ensureJetStreamStreams } from './jetstream-streams';
import { startKafka } from './kafka';
import { startNats } from './nats';
import { startRabbitMq } from './rabbitmq';

export interface BrokerPorts {
  rabbitmq: RabbitMqPorts;
  nats: NatsPorts;
  kafka: KafkaPorts;
}

/** Every topic of the platform: one per event contract, plus where dropped events go. */
export const platformTopics = (): string[] => [
  ...readdirSync(path.join(repoRoot, 'contracts', 'events')).filter((file) => file.endsWith('.v1.json')).map((file) => file.replace(/\.v1\.json$/, '')),
  'deadletter',
];

/**
 * Starts the broker a profile names (Redis Streams needs nothing beyond the platform's Redis) with its data under
 * `dataDir`, ready for the sidecars: NATS gets its JetStream streams, which the Dapr component never creates.
 */
export async function startBroker(name: string, ports: BrokerPorts, dataDir: string, logDir: string): Promise<RunningBroker> {
  switch (name) {
    case 'rabbitmq':
      return startRabbitMq({ dataDir, logDir, ports: ports.rabbitmq });
    case 'kafka':
      return startKafka({ dataDir, logDir, ports: ports.kafka });
    case 'nats': {
      const nats = await startNats({ dataDir, logDir, ports: ports.nats });
      // The shortest duplicate window JetStream accepts (100 ms) instead of its 2 min: Dapr publishes with the
      // CloudEvent id as Nats-Msg-Id, so a longer window would silently swallow a deliberate re-publish of the same
      // event (a dead-letter replay, a redelivery drill). Duplicates are the consumers' to absorb (inbox by event id).
      await ensureJetStreamStreams(ports.nats.client, platformTopics(), { duplicateWindowSeconds: 0.1 }).catch(async (error: unknown) => {
        await nats.stop();
        throw error;
      });
      return nats;
    }
    default:
      throw new Error(`no broker process for profile ${name}`);
  }
}
