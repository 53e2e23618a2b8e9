import Router from '@koa/router';
import { notificationHandlers, type NotificationApiDeps } from './handlers';

/** Served without the /api/v1 prefix: the gateway invokes `notification` with method `notifications`. */
export function notificationRoutes(deps: NotificationApiDeps): Router {
  const handle = notificationHandlers(deps);
  const router = new Router();
  router.get('/notifications', handle.listMine);
  return router;
}
