import { runFromEnvironment } from '@shop/service-kit';
import { paymentConfigSchema } from './config';
import { createPaymentService } from './service';

runFromEnvironment(paymentConfigSchema, (config) => createPaymentService(config));
