import Router from '@koa/router';
import { proxy, type ProxyDeps } from './proxy';

export function gatewayRoutes(deps: ProxyDeps): Router {
  const router = new Router();
  // A coarse gate only: the proxy matches the raw request target against the route table itself.
  router.all('/api/v1/{*rest}', proxy(deps));
  return router;
}
