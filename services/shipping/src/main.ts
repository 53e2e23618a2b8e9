// First: tracing must patch http, Koa, pg and ioredis before anything loads them.
import '@shop/service-kit/telemetry';
import { runFromEnvironment } from '@shop/service-kit';
import { shippingConfigSchema } from './config';
import { createShippingService } from './service';

runFromEnvironment(shippingConfigSchema, (config) => createShippingService(config));
