import { runFromEnvironment } from '@shop/service-kit';
import { catalogConfigSchema } from './config';
import { createCatalogService } from './service';

runFromEnvironment(catalogConfigSchema, (config) => createCatalogService(config));
