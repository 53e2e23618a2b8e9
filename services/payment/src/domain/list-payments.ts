import { AppError } from '@shop/service-kit';
import { sliceOf, type Page, type PageRequest } from '@shop/service-kit';
import type { PaymentQueries } from './ports';
import { toView, type PaymentView } from './payment';

export interface PaymentsQuery extends PageRequest {
  orderId?: string | undefined;
}

export interface Viewer {
  userId: string;
  isAdmin: boolean;
}

export interface ListPaymentsDeps {
  payments: PaymentQueries;
}

/** An order's payments for its owner or an administrator; every order's payments, paged, for an administrator. */
export async function listPayments(query: PaymentsQuery, viewer: Viewer, deps: ListPaymentsDeps): Promise<PaymentView[] | Page<PaymentView>> {
  if (query.orderId) return paymentsOfOrder(query.orderId, viewer, deps);
  if (!viewer.isAdmin) throw AppError.validation('orderId is required', [{ path: 'orderId', message: 'name the order whose payments to list' }]);
  const found = await deps.payments.listCharged(sliceOf(query));
  return { items: found.items.map(toView), page: query.page, pageSize: query.pageSize, total: found.total };
}

async function paymentsOfOrder(orderId: string, viewer: Viewer, deps: ListPaymentsDeps): Promise<PaymentView[]> {
  const payment = await deps.payments.findChargedByOrderId(orderId);
  if (!payment) return [];
  // Another customer's order answers as if it did not exist, so order ids cannot be probed.
  if (payment.userId !== viewer.userId && !viewer.isAdmin) throw AppError.notFound('no payments for this order');
  return [toView(payment)];
}
