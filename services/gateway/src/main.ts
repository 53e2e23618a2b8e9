// First: tracing must patch http, Koa, pg and ioredis before anything loads them.
import '@shop/service-kit/telemetry';
import { runFromEnvironment } from '@shop/service-kit';
import { gatewayConfigSchema } from './config';
import { createGatewayService } from './service';

runFromEnvironment(gatewayConfigSchema, createGatewayService);
