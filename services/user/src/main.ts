import { runFromEnvironment } from '@shop/service-kit';
import { userConfigSchema } from './config';
import { createUserService } from './service';

runFromEnvironment(userConfigSchema, (config) => createUserService(config));
