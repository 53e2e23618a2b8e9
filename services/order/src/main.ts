import { runFromEnvironment } from '@shop/service-kit';
import { orderConfigSchema } from './config';
import { createOrderService } from './service';

runFromEnvironment(orderConfigSchema, createOrderService);
