// First: tracing must patch http, Koa, pg and ioredis before anything loads them.
import '@shop/service-kit/telemetry';
import { runFromEnvironment } from '@shop/service-kit';
import { inventoryConfigSchema } from './config';
import { createInventoryService } from './service';

runFromEnvironment(inventoryConfigSchema, (config) => createInventoryService(config));
