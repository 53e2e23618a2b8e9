import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { standardService, type Logger, type ServiceParts, type StandardService } from '@shop/service-kit';
import type { PaymentDeps } from './api/handlers';
import { paymentRoutes } from './api/routes';
import type { PaymentConfig } from './config';
import { PaymentRepository } from './data/payment-repository';
import { paymentTransactions } from './data/payment-transactions';
import { createPaymentMetrics } from './metrics';

export interface PaymentOverrides {
  log?: Logger;
  /** How the simulated processor waits before answering a tok_slow charge; a test may hold it until it says. */
  sleep?: (ms: number) => Promise<void>;
}

export type PaymentService = StandardService;

export function createPaymentService(config: PaymentConfig, overrides: PaymentOverrides = {}): PaymentService {
  return standardService({
    config,
    log: overrides.log,
    migrationsDir: path.join(__dirname, '../migrations'),
    routers: (parts) => [paymentRoutes(wireDeps(config, parts, overrides))],
  });
}

function wireDeps(config: PaymentConfig, { db, outbox, afterEvents, metrics, log }: ServiceParts, overrides: PaymentOverrides): PaymentDeps {
  return {
    payments: new PaymentRepository(db),
    inTransaction: paymentTransactions(db, outbox, afterEvents),
    sleep: overrides.sleep ?? ((ms) => sleep(ms)),
    slowTokenDelayMs: config.SLOW_TOKEN_DELAY_MS,
    log,
    metrics: createPaymentMetrics(metrics),
  };
}
