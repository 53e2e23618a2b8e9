// First: tracing must patch http, Koa, pg and ioredis before anything loads them.
import '@shop/service-kit/telemetry';
import { runFromEnvironment } from '@shop/service-kit';
import { userConfigSchema } from './config';
import { createUserService } from './service';

runFromEnvironment(userConfigSchema, (config) => createUserService(config));
