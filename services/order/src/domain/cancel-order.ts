import { AppError } from '@shop/service-kit';
import type { OrderAccepted } from './place-order';
import type { CheckoutStarter, Orders } from './ports';

export interface CancelOrderDeps {
  orders: Orders;
  checkout: CheckoutStarter;
}

/**
 * Records the request; what happens next depends on where the order is. A PENDING order's checkout sees the request
 * before it charges or confirms and compensates itself; a CONFIRMED order gets a cancellation workflow that releases
 * the stock and refunds. Either way the answer is 202: the order ends CANCELLED shortly.
 */
export async function cancelOrder(input: { orderId: string; callerId: string; isAdmin: boolean }, deps: CancelOrderDeps): Promise<OrderAccepted> {
  const order = await deps.orders.get(input.orderId);
  if (!order || (!input.isAdmin && order.userId !== input.callerId)) throw AppError.notFound(`order ${input.orderId} does not exist`);
  if (order.status === 'CANCELLED') return { id: order.id, status: order.status };
  if (order.status === 'SHIPPED' || order.status === 'DELIVERED') throw AppError.conflict(`order ${order.id} is ${order.status} and can no longer be cancelled`);

  const request = await deps.orders.requestCancellation(order.id);
  if (!request) return { id: order.id, status: (await deps.orders.get(order.id))!.status };
  if (request.status === 'CONFIRMED' && request.firstRequest) await deps.checkout.startCancellation(order.id);
  return { id: order.id, status: request.status };
}
