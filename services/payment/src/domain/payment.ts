/** One order's payment. Each order has at most one; its status only ever moves CAPTURED → REFUNDED. */
export type PaymentStatus = 'CAPTURED' | 'DECLINED' | 'REFUNDED' | 'VOIDED';
export type DeclineReason = 'card_declined' | 'insufficient_funds';

interface PaymentFields {
  id: string;
  orderId: string;
  amountCents: number;
  currency: string;
  createdAt: Date;
  updatedAt: Date;
}

interface ChargeFields extends PaymentFields {
  userId: string;
  tokenBrand: string;
}

/** A charge the processor answered: captured (and maybe later refunded) or declined. */
export type ChargedPayment =
  | (ChargeFields & { status: 'CAPTURED' | 'REFUNDED'; declineReason: null })
  | (ChargeFields & { status: 'DECLINED'; declineReason: DeclineReason });

/** A refund arrived before any charge: the order's slot is taken so a late charge is refused. */
export interface VoidedPayment extends PaymentFields {
  status: 'VOIDED';
  userId: null;
}

export type Payment = ChargedPayment | VoidedPayment;

export type NewCharge =
  | { orderId: string; userId: string; amountCents: number; currency: string; tokenBrand: string; status: 'CAPTURED' }
  | { orderId: string; userId: string; amountCents: number; currency: string; tokenBrand: string; status: 'DECLINED'; declineReason: DeclineReason };

export type ChargeOutcome =
  | { outcome: 'captured'; paymentId: string }
  | { outcome: 'declined'; paymentId: string; reason: DeclineReason }
  | { outcome: 'refunded'; paymentId: string }
  | { outcome: 'voided' };

export type RefundOutcome = { outcome: 'refunded'; paymentId: string } | { outcome: 'nothing_to_refund' };

/** What a charge answers for the order's stored payment, so a repeated charge gets the first outcome. */
export function chargeOutcomeOf(payment: Payment): ChargeOutcome {
  switch (payment.status) {
    case 'CAPTURED':
      return { outcome: 'captured', paymentId: payment.id };
    case 'DECLINED':
      return { outcome: 'declined', paymentId: payment.id, reason: payment.declineReason };
    case 'REFUNDED':
      return { outcome: 'refunded', paymentId: payment.id };
    case 'VOIDED':
      return { outcome: 'voided' };
  }
}

export type RefundDecision =
  | { action: 'void' }
  | { action: 'refund'; payment: ChargedPayment }
  | { action: 'answer'; outcome: RefundOutcome };

/** What a refund does with the order's payment (undefined: the charge has not arrived, or never will). */
export function refundDecisionFor(payment: Payment | undefined): RefundDecision {
  if (!payment) return { action: 'void' };
  switch (payment.status) {
    case 'CAPTURED':
      return { action: 'refund', payment };
    case 'REFUNDED':
      return { action: 'answer', outcome: { outcome: 'refunded', paymentId: payment.id } };
    case 'DECLINED':
    case 'VOIDED':
      return { action: 'answer', outcome: { outcome: 'nothing_to_refund' } };
  }
}

/** The public view (GET /payments). */
export interface PaymentView {
  id: string;
  orderId: string;
  amountCents: number;
  currency: string;
  status: ChargedPayment['status'];
  createdAt: string;
}

export const toView = (payment: ChargedPayment): PaymentView => ({
  id: payment.id,
  orderId: payment.orderId,
  amountCents: payment.amountCents,
  currency: payment.currency,
  status: payment.status,
  createdAt: payment.createdAt.toISOString(),
});
