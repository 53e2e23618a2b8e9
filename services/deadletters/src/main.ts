import { runFromEnvironment } from '@shop/service-kit';
import { deadLettersConfigSchema } from './config';
import { createDeadLettersService } from './service';

runFromEnvironment(deadLettersConfigSchema, (config) => createDeadLettersService(config));
