import { AppError } from '@shop/service-kit';
import { cancellationPlanFor, type Order, type OrderStatus } from './order';
import type { OrderAccepted } from './place-order';
import type { CheckoutStarter, Orders, Shipping } from './ports';

export interface CancelOrderDeps {
  orders: Orders;
  checkout: CheckoutStarter;
  shipping: Shipping;
}

/**
 * Records the request, then decides it where it can be decided. A PENDING order's checkout sees the request before it
 * charges or confirms and compensates itself. A CONFIRMED order's parcel may be leaving right now: shipping stops it
 * or says it is too late (409), atomically against a delivery, and only a stopped parcel gets the cancellation
 * workflow that returns the stock and refunds. Answered 202 while the order is on its way to CANCELLED.
 */
export async function cancelOrder(input: { orderId: string; callerId: string; isAdmin: boolean }, deps: CancelOrderDeps): Promise<OrderAccepted> {
  const order = await deps.orders.get(input.orderId);
  if (!order || (!input.isAdmin && order.userId !== input.callerId)) throw AppError.notFound(`order ${input.orderId} does not exist`);
  const plan = cancellationPlanFor(order.status);
  if (plan === 'already-cancelled') return { id: order.id, status: order.status };
  if (plan === 'too-late') throw tooLate(order.id, order.status);

  const request = await deps.orders.requestCancellation(order.id);
  if (!request) return answerForOrderThatMovedOn(order.id, deps.orders);
  if (cancellationPlanFor(request.status) === 'ask-shipping') {
    await stopShipment(order, deps);
    if (request.firstRequest) await deps.checkout.startCancellation(order.id);
  }
  return { id: order.id, status: request.status };
}

/**
 * Exactly one of a delivery and a cancellation wins, and shipping's row decides which. Too late: the request is
 * withdrawn and nothing moved. No answer: the cancellation workflow asks again until shipping answers, and refunds
 * nothing before it does (so the request stays recorded, and the answer is 202).
 */
async function stopShipment(order: Order, deps: CancelOrderDeps): Promise<void> {
  const shipment = await deps.shipping.cancelShipment({ orderId: order.id, userId: order.userId });
  if (shipment.outcome !== 'too_late') return;
  await deps.orders.withdrawCancellation(order.id);
  throw AppError.conflict(`order ${order.id} can no longer be cancelled: its parcel is ${shipment.status}`);
}

/** The order left PENDING/CONFIRMED between the read and the request: cancelled already, or shipped. */
async function answerForOrderThatMovedOn(orderId: string, orders: Orders): Promise<OrderAccepted> {
  const now = (await orders.get(orderId))!;
  if (cancellationPlanFor(now.status) === 'already-cancelled') return { id: now.id, status: now.status };
  throw tooLate(orderId, now.status);
}

const tooLate = (orderId: string, status: OrderStatus) => AppError.conflict(`order ${orderId} is ${status} and can no longer be cancelled`);
