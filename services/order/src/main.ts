// First: tracing must patch http, Koa, pg and ioredis before anything loads them.
import '@shop/service-kit/telemetry';
import { runFromEnvironment } from '@shop/service-kit';
import { orderConfigSchema } from './config';
import { createOrderService } from './service';

runFromEnvironment(orderConfigSchema, createOrderService);
