import { runFromEnvironment } from '@shop/service-kit';
import { notificationConfigSchema } from './config';
import { createNotificationService } from './service';

runFromEnvironment(notificationConfigSchema, (config) => createNotificationService(config));
