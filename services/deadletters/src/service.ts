import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { standardService, type Logger, type Service } from '@shop/service-kit';
import type { DeadLetterDeps } from './api/handlers';
import { deadLetterRoutes } from './api/routes';
import type { DeadLettersConfig } from './config';
import { DeadLetterRepository } from './data/dead-letter-repository';
import { deadLetterTransactions } from './data/dead-letter-transactions';
import { receiveDeadLetter } from './domain/receive-dead-letter';
import { deadLetterSubscriptionRoutes } from './events/dead-letter-subscription';
import { deadLetterCounter } from './metrics';
import { publishToOriginalTopic } from './events/original-topic-publisher';

export interface DeadLettersOverrides {
  log?: Logger;
}

export type DeadLettersService = Service & { port(): number };

/**
 * start(): database → migrations → outbox relay (replays) → HTTP (the dead-letter subscription included).
 * stop(): the reverse: refuse new work and drain HTTP → relay → database → sidecar client.
 */
export function createDeadLettersService(config: DeadLettersConfig, overrides: DeadLettersOverrides = {}): DeadLettersService {
  return standardService({
    config,
    log: overrides.log,
    migrationsDir: path.join(__dirname, '../migrations'),
    publisher: publishToOriginalTopic,
    routers: ({ db, contracts, afterEvents, metrics, log }) => {
      const countDeadLetter = deadLetterCounter(metrics, contracts.types());
      const deps: DeadLetterDeps = {
        deadLetters: new DeadLetterRepository(db),
        inTransaction: deadLetterTransactions(db, afterEvents),
        clock: () => new Date(),
        isReplayableTopic: (topic) => contracts.has(topic),
        log,
      };
      const receive = async (envelope: Record<string, unknown>) => {
        const recorded = await receiveDeadLetter(envelope, { ...deps, newId: randomUUID });
        countDeadLetter(recorded.topic);
        return recorded;
      };
      return [deadLetterSubscriptionRoutes(receive), deadLetterRoutes(deps)];
    },
  });
}
