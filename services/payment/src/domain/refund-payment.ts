import type { InTransaction, PaymentLedger, PaymentLog } from './ports';
import { refundDecisionFor, type ChargedPayment, type RefundOutcome } from './payment';

export interface RefundRequest {
  orderId: string;
  reason: string;
}

export interface RefundDeps {
  inTransaction: InTransaction;
  log: PaymentLog;
}

/** Gives back a captured payment once; with no payment yet, voids the order so a charge still on its way is refused. */
export async function refundPayment(request: RefundRequest, deps: RefundDeps): Promise<RefundOutcome> {
  const outcome = await deps.inTransaction((ledger) => settleRefund(request, ledger));
  deps.log.info({ orderId: request.orderId, outcome: outcome.outcome }, 'refund answered');
  return outcome;
}

async function settleRefund(request: RefundRequest, ledger: PaymentLedger): Promise<RefundOutcome> {
  const decision = refundDecisionFor(await ledger.lockByOrderId(request.orderId));
  switch (decision.action) {
    case 'void':
      return voidOrder(request, ledger);
    case 'refund':
      return refund(decision.payment, request.reason, ledger);
    case 'answer':
      return decision.outcome;
  }
}

async function voidOrder(request: RefundRequest, ledger: PaymentLedger): Promise<RefundOutcome> {
  if (await ledger.insertVoidedIfFirst(request.orderId, request.reason)) return { outcome: 'nothing_to_refund' };
  // A charge committed between the read and the insert; its row now exists, so deciding again cannot loop.
  return settleRefund(request, ledger);
}

async function refund(payment: ChargedPayment, reason: string, ledger: PaymentLedger): Promise<RefundOutcome> {
  const refunded = await ledger.markRefunded(payment.id, reason);
  // The row is locked by this transaction, so it is still CAPTURED; anything else is a broken invariant.
  if (!refunded) throw new Error(`payment ${payment.id} was locked as CAPTURED but could not be refunded`);
  const { id: paymentId, orderId, userId, amountCents, currency } = refunded;
  await ledger.recordEvent({ type: 'payment.refunded', data: { paymentId, orderId, userId, amountCents, currency } });
  return { outcome: 'refunded', paymentId };
}
