import Router from '@koa/router';
import { userHandlers, type UserDeps } from './handlers';

/** Served without the /api/v1 prefix: the gateway invokes `user` with method `users/me/...`. */
export function userRoutes(deps: UserDeps): Router {
  const handle = userHandlers(deps);
  const router = new Router({ prefix: '/users/me' });
  router.get('/', handle.getProfile);
  router.patch('/', handle.updateProfile);
  router.get('/addresses', handle.listAddresses);
  router.post('/addresses', handle.addAddress);
  router.patch('/addresses/:id', handle.changeAddress);
  router.delete('/addresses/:id', handle.removeAddress);
  return router;
}
