import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { standardService, subscriptionRoutes, type Logger, type Service } from '@shop/service-kit';
import type { ShippingDeps } from './api/handlers';
import { shippingRoutes } from './api/routes';
import type { ShippingConfig } from './config';
import { ShipmentRepository } from './data/shipment-repository';
import { inboxTransactions, shippingTransactions } from './data/shipping-transactions';
import { orderEventSubscriptions } from './events/order-events';
import { SHIPMENT_DISPATCH_JOB } from './jobs/shipment-dispatch-job';

export interface ShippingOverrides {
  log?: Logger;
}

export type ShippingService = Service & { port(): number };

/**
 * start(): database → migrations → outbox relay → HTTP (subscriptions included) → dispatch job registration.
 * stop(): the reverse: job registration → refuse new work and drain HTTP → relay → database → sidecar client.
 */
export function createShippingService(config: ShippingConfig, overrides: ShippingOverrides = {}): ShippingService {
  return standardService({
    config,
    log: overrides.log,
    migrationsDir: path.join(__dirname, '../migrations'),
    jobs: [{ name: SHIPMENT_DISPATCH_JOB, schedule: config.DISPATCH_SCHEDULE }],
    routers: ({ db, contracts, outbox, afterEvents, log }) => {
      const deps: ShippingDeps = {
        shipments: new ShipmentRepository(db),
        inTransaction: shippingTransactions(db, outbox, afterEvents),
        clock: () => new Date(),
        dispatchBatchSize: config.DISPATCH_BATCH_SIZE,
        newId: randomUUID,
        log,
      };
      const subscriptions = orderEventSubscriptions((consumer, eventId) => inboxTransactions(db, outbox, consumer, eventId, afterEvents), {
        clock: deps.clock,
        newId: deps.newId,
        dispatchDelaySeconds: config.DISPATCH_DELAY_SECONDS,
        log,
      });
      return [subscriptionRoutes(subscriptions, contracts, log), shippingRoutes(deps)];
    },
  });
}
