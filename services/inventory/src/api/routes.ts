import Router from '@koa/router';
import { requireRole } from '@shop/service-kit';
import { RESERVATION_SWEEP_JOB } from '../jobs/reservation-sweep-job';
import { inventoryHandlers, type InventoryDeps } from './handlers';

/**
 * The gateway routes only /inventory/* from the outside. The reservation routes are called by the checkout workflow
 * through Dapr invocation, and the job route by the Dapr scheduler through this service's own sidecar.
 */
export function inventoryRoutes(deps: InventoryDeps): Router {
  const handle = inventoryHandlers(deps);
  const router = new Router();
  router.get('/inventory/:productId', handle.getStock);
  router.put('/inventory/:productId', requireRole('admin'), handle.setStock);
  router.post('/reservations', handle.reserve);
  router.post('/reservations/:orderId/commit', handle.commit);
  router.post('/reservations/:orderId/release', handle.release);
  router.post(`/job/${RESERVATION_SWEEP_JOB}`, handle.sweepReservations);
  return router;
}
