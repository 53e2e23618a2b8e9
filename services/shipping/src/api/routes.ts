import Router from '@koa/router';
import { requireRole } from '@shop/service-kit';
import { SHIPMENT_DISPATCH_JOB } from '../jobs/shipment-dispatch-job';
import { shippingHandlers, type ShippingDeps } from './handlers';

/**
 * The gateway routes /shipments/* from the outside; deliver stands in for the carrier's webhook, so only admins may
 * call it. `/shipment-cancellations` is the order service's, through invocation (its sidecar's access control lets
 * only order call it; the gateway never routes it); it answers both outcomes with 200. The job route is called by the
 * Dapr scheduler through this service's own sidecar.
 */
export function shippingRoutes(deps: ShippingDeps): Router {
  const handle = shippingHandlers(deps);
  const router = new Router();
  router.get('/shipments', handle.listByOrder);
  router.get('/shipments/:id', handle.getOne);
  router.post('/shipments/:id/deliver', requireRole('admin'), handle.deliver);
  router.post('/shipment-cancellations', handle.cancelForOrder);
  router.post(`/job/${SHIPMENT_DISPATCH_JOB}`, handle.dispatchDue);
  return router;
}
