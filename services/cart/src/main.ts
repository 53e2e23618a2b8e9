import { runFromEnvironment } from '@shop/service-kit';
import { cartConfigSchema } from './config';
import { createCartService } from './service';

runFromEnvironment(cartConfigSchema, createCartService);
