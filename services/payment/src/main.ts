// First: tracing must patch http, Koa, pg and ioredis before anything loads them.
import '@shop/service-kit/telemetry';
import { runFromEnvironment } from '@shop/service-kit';
import { paymentConfigSchema } from './config';
import { createPaymentService } from './service';

runFromEnvironment(paymentConfigSchema, (config) => createPaymentService(config));
