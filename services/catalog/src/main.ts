// First: tracing must patch http, Koa, pg and ioredis before anything loads them.
import '@shop/service-kit/telemetry';
import { runFromEnvironment } from '@shop/service-kit';
import { catalogConfigSchema } from './config';
import { createCatalogService } from './service';

runFromEnvironment(catalogConfigSchema, (config) => createCatalogService(config));
