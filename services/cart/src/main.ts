// First: tracing must patch http, Koa, pg and ioredis before anything loads them.
import '@shop/service-kit/telemetry';
import { runFromEnvironment } from '@shop/service-kit';
import { cartConfigSchema } from './config';
import { createCartService } from './service';

runFromEnvironment(cartConfigSchema, createCartService);
