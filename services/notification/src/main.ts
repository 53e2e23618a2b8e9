// First: tracing must patch http, Koa, pg and ioredis before anything loads them.
import '@shop/service-kit/telemetry';
import { runFromEnvironment } from '@shop/service-kit';
import { notificationConfigSchema } from './config';
import { createNotificationService } from './service';

runFromEnvironment(notificationConfigSchema, (config) => createNotificationService(config));
