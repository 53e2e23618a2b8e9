import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createLogger, DaprSidecar, standardService, type Logger, type ServiceParts, type StandardService } from '@shop/service-kit';
import type { PaymentDeps } from './api/handlers';
import { paymentRoutes } from './api/routes';
import type { PaymentConfig } from './config';
import { PaymentRepository } from './data/payment-repository';
import { paymentTransactions } from './data/payment-transactions';
import { createPaymentMetrics } from './metrics';

export interface PaymentOverrides {
  log?: Logger;
}

export type PaymentService = StandardService;

export function createPaymentService(config: PaymentConfig, overrides: PaymentOverrides = {}): PaymentService {
  const log = overrides.log ?? createLogger(config.SERVICE_NAME, config.LOG_LEVEL);
  return standardService({
    config,
    log,
    sidecar: DaprSidecar.fromConfig(config),
    migrationsDir: path.join(__dirname, '../migrations'),
    routers: (parts) => [paymentRoutes(wireDeps(config, parts, log))],
  });
}

function wireDeps(config: PaymentConfig, { db, outbox, afterEvents, metrics }: ServiceParts, log: Logger): PaymentDeps {
  return {
    payments: new PaymentRepository(db),
    inTransaction: paymentTransactions(db, outbox, afterEvents),
    sleep: (ms) => sleep(ms),
    slowTokenDelayMs: config.SLOW_TOKEN_DELAY_MS,
    log,
    metrics: createPaymentMetrics(metrics),
  };
}
