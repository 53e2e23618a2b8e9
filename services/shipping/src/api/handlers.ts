import type { RouterMiddleware } from '@koa/router';
import { AppError, entityIdParam, requireCaller, type Caller } from '@shop/service-kit';
import { cancelShipment, type CancelDeps } from '../domain/cancel-shipment';
import { deliverShipment, type DeliverDeps } from '../domain/deliver-shipment';
import { dispatchDueShipments, type DispatchDeps } from '../domain/dispatch-due-shipments';
import { shipmentById, shipmentsOfOrder, type FindShipmentsDeps } from '../domain/find-shipments';
import type { Viewer } from '../domain/shipment';
import { ShipmentCancellationBody, ShipmentsQuery } from './request-bodies';

export type ShippingDeps = FindShipmentsDeps & DeliverDeps & DispatchDeps & CancelDeps;

const shipmentIdOf = (raw: string | undefined) => entityIdParam(raw, (id) => AppError.notFound(`shipment ${id} does not exist`));

const viewerOf = (caller: Caller): Viewer => ({ userId: caller.id, isAdmin: caller.roles.includes('admin') });

export function shippingHandlers(deps: ShippingDeps) {
  return {
    listByOrder: async (ctx) => {
      const viewer = viewerOf(requireCaller(ctx));
      ctx.body = await shipmentsOfOrder(ShipmentsQuery.parse(ctx.query).orderId, viewer, deps);
    },
    getOne: async (ctx) => {
      ctx.body = await shipmentById(shipmentIdOf(ctx.params.id), viewerOf(requireCaller(ctx)), deps);
    },
    deliver: async (ctx) => {
      ctx.body = await deliverShipment(shipmentIdOf(ctx.params.id), deps);
    },
    cancelForOrder: async (ctx) => {
      ctx.body = await cancelShipment(ShipmentCancellationBody.parse(ctx.request.body), deps.inTransaction, deps);
    },
    dispatchDue: async (ctx) => {
      ctx.body = await dispatchDueShipments(deps);
    },
  } satisfies Record<string, RouterMiddleware>;
}
