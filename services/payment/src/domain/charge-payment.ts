import { AppError } from '@shop/service-kit';
import type { InTransaction, PaymentEvent, PaymentLog, PaymentMetrics, PaymentQueries } from './ports';
import { processorVerdict, type ProcessorVerdict } from './payment-token';
import { chargeOutcomeOf, type ChargedPayment, type ChargeOutcome, type NewCharge } from './payment';

export interface Charge {
  orderId: string;
  userId: string;
  amountCents: number;
  currency: string;
  paymentToken: string;
}

export interface ChargeDeps {
  payments: PaymentQueries;
  inTransaction: InTransaction;
  sleep: (ms: number) => Promise<void>;
  slowTokenDelayMs: number;
  log: PaymentLog;
  metrics?: PaymentMetrics;
}

/** Charges an order once: a repeated charge, or one that arrives after a refund voided the order, answers what is stored. */
export async function chargePayment(charge: Charge, deps: ChargeDeps): Promise<ChargeOutcome> {
  let verdict: ProcessorAnswer;
  try {
    verdict = processorVerdict(charge.paymentToken);
  } catch (error) {
    deps.metrics?.chargeAttempt(error instanceof AppError && error.status === 503 ? 'unavailable' : 'rejected', charge.amountCents);
    throw error;
  }
  // Answering a retry from the stored row, before the slow processor, lets a caller whose first attempt timed out
  // get through once that attempt has been recorded.
  const earlier = await deps.payments.findByOrderId(charge.orderId);
  if (earlier) {
    deps.metrics?.chargeAttempt('repeated', charge.amountCents);
    return chargeOutcomeOf(earlier);
  }
  if (verdict.kind === 'capture' && verdict.slow) await deps.sleep(deps.slowTokenDelayMs);
  return recordFirstCharge(newCharge(charge, verdict), deps);
}

/** The unique order id decides between racing charges (and a refund's VOIDED row): only the first one has an effect. */
async function recordFirstCharge(charge: NewCharge, deps: ChargeDeps): Promise<ChargeOutcome> {
  const { payment, isNew } = await deps.inTransaction(async (ledger) => {
    const recorded = await ledger.insertUnlessExists(charge);
    if (recorded.isNew) await ledger.recordEvent(chargeEvent(recorded.payment));
    return recorded;
  });
  if (isNew) deps.log.info({ orderId: payment.orderId, paymentId: payment.id, status: payment.status }, 'charge recorded');
  deps.metrics?.chargeAttempt(!isNew ? 'repeated' : payment.status === 'CAPTURED' ? 'captured' : 'declined', charge.amountCents);
  return chargeOutcomeOf(payment);
}

type ProcessorAnswer = Exclude<ProcessorVerdict, { kind: 'unavailable' }>;

function newCharge(charge: Charge, verdict: ProcessorAnswer): NewCharge {
  const fields = { orderId: charge.orderId, userId: charge.userId, amountCents: charge.amountCents, currency: charge.currency, tokenBrand: verdict.brand };
  return verdict.kind === 'capture' ? { ...fields, status: 'CAPTURED' } : { ...fields, status: 'DECLINED', declineReason: verdict.reason };
}

function chargeEvent(payment: ChargedPayment): PaymentEvent {
  const { id: paymentId, orderId, userId } = payment;
  if (payment.status === 'DECLINED') {
    return { type: 'payment.failed', data: { paymentId, orderId, userId, reason: payment.declineReason } };
  }
  return { type: 'payment.completed', data: { paymentId, orderId, userId, amountCents: payment.amountCents, currency: payment.currency } };
}
