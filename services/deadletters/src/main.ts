// First: tracing must patch http, Koa, pg and ioredis before anything loads them.
import '@shop/service-kit/telemetry';
import { runFromEnvironment } from '@shop/service-kit';
import { deadLettersConfigSchema } from './config';
import { createDeadLettersService } from './service';

runFromEnvironment(deadLettersConfigSchema, (config) => createDeadLettersService(config));
