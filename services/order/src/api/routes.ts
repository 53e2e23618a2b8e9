import Router from '@koa/router';
import { orderHandlers, type OrderDeps } from './handlers';

/** Served without the /api/v1 prefix; `/job/order-maintenance` is called by the Dapr scheduler, not routed publicly. */
export function orderRoutes(deps: OrderDeps, maintenance: () => Promise<unknown>): Router {
  const handle = orderHandlers(deps);
  const router = new Router();
  router.post('/orders', handle.place);
  router.get('/orders', handle.list);
  router.get('/orders/:id', handle.get);
  router.post('/orders/:id/cancel', handle.cancel);
  router.post('/job/order-maintenance', async (ctx) => {
    ctx.body = await maintenance();
  });
  return router;
}
