import { runFromEnvironment } from '@shop/service-kit';
import { authConfigSchema } from './config';
import { createAuthService } from './service';

runFromEnvironment(authConfigSchema, (config) => createAuthService(config));
