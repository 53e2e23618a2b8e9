import type { RouterMiddleware } from '@koa/router';
import { entityIdParam } from '@shop/service-kit';
import { commitReservation, type CommitDeps } from '../domain/commit-reservation';
import { getStock, type GetStockDeps } from '../domain/get-stock';
import { releaseReservation, type ReleaseDeps } from '../domain/release-reservation';
import { reserveStock, type ReserveDeps } from '../domain/reserve-stock';
import { setStock, type SetStockDeps } from '../domain/set-stock';
import { stockNotFound } from '../domain/stock';
import { sweepExpiredReservations, type SweepDeps } from '../domain/sweep-expired-reservations';
import { ReleaseBody, ReservationBody, StockBody } from './request-bodies';

export type InventoryDeps = GetStockDeps & SetStockDeps & ReserveDeps & CommitDeps & ReleaseDeps & SweepDeps;

type Handler = RouterMiddleware;

/** Business outcomes of the internal routes are 200 with an `outcome`; only technical failures are non-2xx. */
export function inventoryHandlers(deps: InventoryDeps) {
  return {
    getStock: async (ctx) => {
      ctx.body = await getStock(entityIdParam(ctx.params.productId, stockNotFound), deps);
    },
    setStock: async (ctx) => {
      ctx.body = await setStock(entityIdParam(ctx.params.productId, stockNotFound), StockBody.parse(ctx.request.body), deps);
    },
    reserve: async (ctx) => {
      ctx.body = await reserveStock(ReservationBody.parse(ctx.request.body), deps);
    },
    commit: async (ctx) => {
      ctx.body = await commitReservation(ctx.params.orderId ?? '', deps);
    },
    release: async (ctx) => {
      const { reason } = ReleaseBody.parse(ctx.request.body);
      ctx.body = await releaseReservation({ orderId: ctx.params.orderId ?? '', reason }, deps);
    },
    sweepReservations: async (ctx) => {
      ctx.body = await sweepExpiredReservations(deps);
    },
  } satisfies Record<string, Handler>;
}
