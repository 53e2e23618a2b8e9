import Router from '@koa/router';
import { requireRole } from '@shop/service-kit';
import { deadLetterHandlers, type DeadLetterDeps } from './handlers';

/**
 * The gateway routes /dead-letters/* from the outside (GET, HEAD, POST); every route is for admins only. A replay
 * answers 202: the event is in the outbox, and published once the relay hands it to the broker.
 */
export function deadLetterRoutes(deps: DeadLetterDeps): Router {
  const handle = deadLetterHandlers(deps);
  const admin = requireRole('admin');
  const router = new Router();
  router.get('/dead-letters', admin, handle.list);
  router.get('/dead-letters/:id', admin, handle.getOne);
  router.post('/dead-letters/:id/replay', admin, handle.replay);
  router.post('/dead-letters/:id/discard', admin, handle.discard);
  return router;
}
