// First: tracing must patch http, Koa, pg and ioredis before anything loads them.
import '@shop/service-kit/telemetry';
import { runFromEnvironment } from '@shop/service-kit';
import { authConfigSchema } from './config';
import { createAuthService } from './service';

runFromEnvironment(authConfigSchema, (config) => createAuthService(config));
