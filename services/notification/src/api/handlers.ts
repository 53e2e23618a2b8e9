import type { RouterMiddleware } from '@koa/router';
import { requireCaller } from '@shop/service-kit';
import { listNotifications } from '../domain/list-notifications';
import type { NotificationLedger } from '../domain/ports';

export interface NotificationApiDeps {
  notifications: NotificationLedger;
}

export function notificationHandlers(deps: NotificationApiDeps) {
  return {
    listMine: async (ctx) => {
      ctx.body = await listNotifications(requireCaller(ctx).id, deps);
    },
  } satisfies Record<string, RouterMiddleware>;
}
