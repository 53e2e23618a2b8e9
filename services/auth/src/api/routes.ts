import Router from '@koa/router';
import { authHandlers, type AuthDeps } from './handlers';

export function authRoutes(deps: AuthDeps): Router {
  const handle = authHandlers(deps);
  const router = new Router({ prefix: '/auth' });
  router.post('/register', handle.register);
  router.post('/login', handle.login);
  router.post('/refresh', handle.refresh);
  router.post('/logout', handle.logout);
  router.get('/jwks.json', handle.jwks);
  return router;
}
