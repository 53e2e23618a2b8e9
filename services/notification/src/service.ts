import path from 'node:path';
import { standardService, subscriptionRoutes, type Logger, type Service } from '@shop/service-kit';
import { notificationRoutes } from './api/routes';
import type { NotificationConfig } from './config';
import { emailChannel, smsChannel } from './data/binding-channels';
import { createContactBook } from './data/contact-book';
import { DaprOutputBindings } from './data/dapr-output-bindings';
import { createNotificationLedger } from './data/notification-ledger';
import type { Channel } from './domain/notification';
import type { NotifyDeps } from './domain/notify-customer';
import type { MessageChannel } from './domain/ports';
import { customerEventSubscriptions } from './events/customer-events';

export interface NotificationOverrides {
  log?: Logger;
  /** Replaces the Dapr output bindings (e.g. with a channel that fails), per channel. */
  channels?: Partial<Record<Channel, MessageChannel>>;
}

export type NotificationService = Service & { port(): number };

/** start(): database → migrations → HTTP (subscriptions included). stop(): refuse new work → drain HTTP → database. */
export function createNotificationService(config: NotificationConfig, overrides: NotificationOverrides = {}): NotificationService {
  return standardService({
    config,
    log: overrides.log,
    migrationsDir: path.join(__dirname, '../migrations'),
    routers: ({ db, contracts, log, sidecar }) => {
      const bindings = new DaprOutputBindings(sidecar.baseUrl, config.BINDING_TIMEOUT_MS, sidecar.apiHeaders);
      const deps: NotifyDeps = {
        notifications: createNotificationLedger(db),
        contacts: createContactBook(db),
        channels: {
          email: overrides.channels?.email ?? emailChannel(bindings, config.EMAIL_BINDING),
          sms: overrides.channels?.sms ?? smsChannel(bindings, config.SMS_BINDING),
        },
        log,
      };
      const subscriptions = customerEventSubscriptions(deps, (type) => contracts.has(type), log);
      log.info({ topics: subscriptions.map((s) => s.topic) }, 'notification subscriptions');
      return [subscriptionRoutes(subscriptions, contracts, log), notificationRoutes(deps)];
    },
  });
}
