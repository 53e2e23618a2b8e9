import type { DaprSidecar } from '@shop/service-kit';
import type { WorkflowActivityContext } from '@dapr/dapr';
import type { CheckoutOrder, OrderRepository } from '../data/order-repository';
import { callForOutcome } from '../data/service-calls';
import type { CancelReason } from '../domain/order';
import type { Shipping } from '../domain/ports';
import type { CancelOutcome, ChargeOutcome, CommitOutcome, ConfirmOutcome, KeepOutcome, RefundOutcome, ReleaseOutcome, ReserveOutcome, ShipmentCancellation, Unavailable } from './outcomes';

export interface ActivityDeps {
  sidecar: DaprSidecar;
  orders: OrderRepository;
  shipping: Shipping;
  inventoryAppId: string;
  paymentAppId: string;
  timeoutMs: number;
}

export interface Compensation {
  orderId: string;
  reason: CancelReason;
}

/**
 * Each activity is one idempotent call, keyed by the order id, that answers an outcome and never throws: the
 * orchestrator decides what an answer means, and a crash that replays an activity gets the same answer back.
 */
export function checkoutActivities(deps: ActivityDeps) {
  const call = <T>(appId: string, path: string, body?: unknown) =>
    callForOutcome<T>(deps.sidecar, appId, { method: 'POST', path, ...(body === undefined ? {} : { body }), timeoutMs: deps.timeoutMs });

  return {
    reserveStock: (_: WorkflowActivityContext, order: CheckoutOrder) =>
      call<ReserveOutcome>(deps.inventoryAppId, 'reservations', { orderId: order.orderId, items: order.items.map(({ productId, quantity }) => ({ productId, quantity })) }),
    commitStock: (_: WorkflowActivityContext, orderId: string) => call<CommitOutcome>(deps.inventoryAppId, `reservations/${orderId}/commit`),
    releaseStock: (_: WorkflowActivityContext, { orderId, reason }: Compensation) => call<ReleaseOutcome>(deps.inventoryAppId, `reservations/${orderId}/release`, { reason }),
    chargePayment: (_: WorkflowActivityContext, order: CheckoutOrder) =>
      call<ChargeOutcome>(deps.paymentAppId, 'payments/charges', { orderId: order.orderId, userId: order.userId, amountCents: order.totalCents, currency: order.currency, paymentToken: order.paymentToken }),
    refundPayment: (_: WorkflowActivityContext, { orderId, reason }: Compensation) => call<RefundOutcome>(deps.paymentAppId, 'payments/refunds', { orderId, reason }),
    isCancellationRequested: (_: WorkflowActivityContext, orderId: string) =>
      local(async () => ({ outcome: (await deps.orders.isCancellationRequested(orderId)) ? ('requested' as const) : ('none' as const) })),
    confirmOrder: (_: WorkflowActivityContext, orderId: string): Promise<ConfirmOutcome> => local(async () => ({ outcome: await deps.orders.confirm(orderId) })),
    cancelOrder: (_: WorkflowActivityContext, { orderId, reason }: Compensation): Promise<CancelOutcome> => local(async () => ({ outcome: await deps.orders.markCancelled(orderId, reason) })),
    cancelShipment: (_: WorkflowActivityContext, orderId: string): Promise<ShipmentCancellation> =>
      local(async () => deps.shipping.cancelShipment({ orderId, userId: (await deps.orders.checkoutOrder(orderId)).userId })),
    keepOrder: (_: WorkflowActivityContext, orderId: string): Promise<KeepOutcome> =>
      local(async () => {
        await deps.orders.withdrawCancellation(orderId);
        return { outcome: 'kept' as const };
      }),
  };
}

export type CheckoutActivities = ReturnType<typeof checkoutActivities>;
export type ActivityName = keyof CheckoutActivities;

/** Our own database failing is as technical as a remote service failing: answered, not thrown. */
async function local<T>(work: () => Promise<T>): Promise<T | Unavailable> {
  try {
    return await work();
  } catch (error) {
    return { outcome: 'unavailable', detail: error instanceof Error ? error.message : String(error) };
  }
}
