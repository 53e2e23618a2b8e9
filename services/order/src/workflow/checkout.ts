import type { WorkflowContext } from '@dapr/dapr';
import type { CheckoutOrder } from '../data/order-repository';
import type { CancelReason } from '../domain/order';
import type { CancelOutcome, ChargeOutcome, CommitOutcome, ConfirmOutcome, ReserveOutcome, ShipmentCancellation } from './outcomes';
import { attempt, Compensations, untilDone } from './steps';

/** TOO_LATE: the order could no longer be cancelled (its parcel left first); it stays as it is. */
export type CancellationResult = 'CANCELLED' | 'TOO_LATE';
export type CheckoutResult = 'CONFIRMED' | CancellationResult;

/**
 * The checkout saga: reserve stock → charge payment → commit stock → confirm. Any "no" on the way undoes what was
 * done, in reverse, and ends the order CANCELLED with the reason; every path ends in a terminal state.
 */
export async function* checkout(ctx: WorkflowContext, order: CheckoutOrder): AsyncGenerator<unknown, CheckoutResult, any> {
  const undo = new Compensations();

  undo.push('releaseStock');
  const reservation: ReserveOutcome = yield* attempt(ctx, 'reserveStock', order);
  if (reservation.outcome === 'out_of_stock') return yield* cancel(ctx, order.orderId, 'out_of_stock', undo);
  if (reservation.outcome !== 'reserved') return yield* cancel(ctx, order.orderId, reservation.outcome === 'unavailable' ? 'inventory_unavailable' : 'reservation_expired', undo);

  if (yield* cancellationRequested(ctx, order.orderId)) return yield* cancel(ctx, order.orderId, 'cancelled_by_user', undo);

  undo.push('refundPayment');
  // One attempt: the sidecar's resiliency policy for the payment app already retries with back-off.
  const payment: ChargeOutcome = yield ctx.callActivity('chargePayment', order);
  if (payment.outcome === 'declined') return yield* cancel(ctx, order.orderId, 'payment_declined', undo);
  if (payment.outcome !== 'captured') return yield* cancel(ctx, order.orderId, 'payment_unavailable', undo);

  const commit: CommitOutcome = yield* attempt(ctx, 'commitStock', order.orderId);
  if (commit.outcome !== 'committed') return yield* cancel(ctx, order.orderId, commit.outcome === 'unavailable' ? 'inventory_unavailable' : 'reservation_expired', undo);

  const confirmation: ConfirmOutcome = yield* untilDone(ctx, 'confirmOrder', order.orderId);
  if (confirmation.outcome === 'cancel_requested') return yield* cancel(ctx, order.orderId, 'cancelled_by_user', undo);
  return 'CONFIRMED';
}

/**
 * Cancels a CONFIRMED order on the customer's request, if its parcel can still be stopped: shipping decides that
 * first, atomically against a delivery. Stopped: return the stock, refund, record. Too late: the request is withdrawn
 * and the order goes on to its delivery, with no stock or money moved.
 */
export async function* cancelConfirmedOrder(ctx: WorkflowContext, orderId: string): AsyncGenerator<unknown, CancellationResult, any> {
  const shipment: ShipmentCancellation = yield* untilDone(ctx, 'cancelShipment', orderId);
  if (shipment.outcome === 'too_late') {
    yield* untilDone(ctx, 'keepOrder', orderId);
    return 'TOO_LATE';
  }

  const undo = new Compensations();
  undo.push('releaseStock');
  undo.push('refundPayment');
  return yield* cancel(ctx, orderId, 'cancelled_by_user', undo);
}

async function* cancel(ctx: WorkflowContext, orderId: string, reason: CancelReason, undo: Compensations): AsyncGenerator<unknown, CancellationResult, any> {
  for (const step of undo.inReverse()) yield* untilDone(ctx, step, { orderId, reason });
  // `too_late` is a final answer (the order shipped): retrying could never succeed, so the workflow ends.
  const recorded: CancelOutcome = yield* untilDone(ctx, 'cancelOrder', { orderId, reason });
  return recorded.outcome === 'cancelled' ? 'CANCELLED' : 'TOO_LATE';
}

async function* cancellationRequested(ctx: WorkflowContext, orderId: string): AsyncGenerator<unknown, boolean, any> {
  const answer: { outcome: string } = yield* untilDone(ctx, 'isCancellationRequested', orderId);
  return answer.outcome === 'requested';
}
