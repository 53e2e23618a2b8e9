import Router from '@koa/router';
import { paymentHandlers, type PaymentDeps } from './handlers';

/**
 * Served without the /api/v1 prefix. The gateway routes only `GET /payments`; charges and refunds are reached by the
 * checkout workflow through Dapr invocation (app id `payment`).
 */
export function paymentRoutes(deps: PaymentDeps): Router {
  const handle = paymentHandlers(deps);
  const router = new Router({ prefix: '/payments' });
  router.get('/', handle.list);
  router.post('/charges', handle.charge);
  router.post('/refunds', handle.refund);
  return router;
}
