import type { PageSlice } from '@shop/service-kit';
import type { ChargedPayment, DeclineReason, NewCharge, Payment } from './payment';

/** What the use cases need from the outside world. The data/ folder implements them; unit tests pass fakes. */

export interface PaymentQueries {
  findByOrderId(orderId: string): Promise<Payment | undefined>;
  /** The order's payment unless it is VOIDED (a void is bookkeeping, not a payment anyone made). */
  findChargedByOrderId(orderId: string): Promise<ChargedPayment | undefined>;
  /** Every order's charged payments, newest first. */
  listCharged(slice: PageSlice): Promise<{ items: ChargedPayment[]; total: number }>;
}

export type PaymentEvent =
  | { type: 'payment.completed'; data: { paymentId: string; orderId: string; userId: string; amountCents: number; currency: string } }
  | { type: 'payment.failed'; data: { paymentId: string; orderId: string; userId: string; reason: DeclineReason } }
  | { type: 'payment.refunded'; data: { paymentId: string; orderId: string; userId: string; amountCents: number; currency: string } };

/** The writes of one database transaction; each status change also appends to the payment's history. */
export interface PaymentLedger {
  /** Inserts the order's payment, or finds the one that took the order's slot first (also a concurrent one). */
  insertUnlessExists(charge: NewCharge): Promise<{ isNew: true; payment: ChargedPayment } | { isNew: false; payment: Payment }>;
  /** The order's payment, locked until the transaction ends. */
  lockByOrderId(orderId: string): Promise<Payment | undefined>;
  /** Takes the order's slot with a VOIDED row; false when a payment took it first. */
  insertVoidedIfFirst(orderId: string, reason: string): Promise<boolean>;
  /** CAPTURED → REFUNDED; undefined when the payment was not CAPTURED. */
  markRefunded(paymentId: string, reason: string): Promise<ChargedPayment | undefined>;
  recordEvent(event: PaymentEvent): Promise<void>;
}

export type InTransaction = <T>(work: (ledger: PaymentLedger) => Promise<T>) => Promise<T>;

export interface PaymentLog {
  info(fields: Record<string, unknown>, message: string): void;
}

/**
 * Charge attempts by outcome: `captured` and `declined` for a charge recorded now, `unavailable` when the processor
 * could not answer (the caller retries), `rejected` for a token the processor does not know (422), `repeated` when an
 * earlier attempt's stored answer was returned.
 */
export const CHARGE_ATTEMPT_OUTCOMES = ['captured', 'declined', 'unavailable', 'rejected', 'repeated'] as const;
export type ChargeAttemptOutcome = (typeof CHARGE_ATTEMPT_OUTCOMES)[number];

export interface PaymentMetrics {
  chargeAttempt(outcome: ChargeAttemptOutcome, amountCents: number): void;
}
