import { runFromEnvironment } from '@shop/service-kit';
import { shippingConfigSchema } from './config';
import { createShippingService } from './service';

runFromEnvironment(shippingConfigSchema, (config) => createShippingService(config));
