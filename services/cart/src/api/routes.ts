import Router from '@koa/router';
import { cartHandlers, type CartDeps } from './handlers';

/** Served without the /api/v1 prefix; every route is the caller's own cart. */
export function cartRoutes(deps: CartDeps): Router {
  const handle = cartHandlers(deps);
  const router = new Router();
  router.get('/cart', handle.get);
  router.delete('/cart', handle.empty);
  router.post('/cart/items', handle.add);
  router.patch('/cart/items/:productId', handle.change);
  router.delete('/cart/items/:productId', handle.remove);
  router.post('/cart/checkout', handle.checkOut);
  return router;
}
