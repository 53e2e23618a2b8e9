import { runFromEnvironment } from '@shop/service-kit';
import { gatewayConfigSchema } from './config';
import { createGatewayService } from './service';

runFromEnvironment(gatewayConfigSchema, createGatewayService);
