import Router from '@koa/router';
import { proxy, type ProxyDeps } from './proxy';

export function gatewayRoutes(deps: ProxyDeps): Router {
  const router = new Router();
  router.all('/api/v1/{*rest}', proxy(deps));
  return router;
}
