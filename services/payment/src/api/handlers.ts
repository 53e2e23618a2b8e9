import type { RouterMiddleware } from '@koa/router';
import { requireCaller, type Caller } from '@shop/service-kit';
import { chargePayment, type ChargeDeps } from '../domain/charge-payment';
import { listPayments, type ListPaymentsDeps, type Viewer } from '../domain/list-payments';
import { refundPayment, type RefundDeps } from '../domain/refund-payment';
import { ChargeBody, PaymentsQuery, RefundBody } from './request-bodies';

export type PaymentDeps = ChargeDeps & RefundDeps & ListPaymentsDeps;

const viewerOf = (caller: Caller): Viewer => ({ userId: caller.id, isAdmin: caller.roles.includes('admin') });

export function paymentHandlers(deps: PaymentDeps) {
  return {
    charge: async (ctx) => {
      ctx.body = await chargePayment(ChargeBody.parse(ctx.request.body), deps);
    },
    refund: async (ctx) => {
      ctx.body = await refundPayment(RefundBody.parse(ctx.request.body), deps);
    },
    list: async (ctx) => {
      const viewer = viewerOf(requireCaller(ctx));
      ctx.body = await listPayments(PaymentsQuery.parse(ctx.query), viewer, deps);
    },
  } satisfies Record<string, RouterMiddleware>;
}
