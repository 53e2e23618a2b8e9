import { runFromEnvironment } from '@shop/service-kit';
import { inventoryConfigSchema } from './config';
import { createInventoryService } from './service';

runFromEnvironment(inventoryConfigSchema, (config) => createInventoryService(config));
