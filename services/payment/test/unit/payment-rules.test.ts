import { chargeOutcomeOf, refundDecisionFor, type ChargedPayment, type Payment, type VoidedPayment } from '../../src/domain/payment';

const fields = {
  id: '9b2f6d1e-3c4a-4b5d-8e6f-7a8b9c0d1e2f',
  orderId: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
  userId: '2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e',
  amountCents: 2599,
  currency: 'USD',
  tokenBrand: 'visa',
  createdAt: new Date('2025-01-01T00:00:00Z'),
  updatedAt: new Date('2025-01-01T00:00:00Z'),
};

const captured: ChargedPayment = { ...fields, status: 'CAPTURED', declineReason: null };
const refunded: ChargedPayment = { ...fields, status: 'REFUNDED', declineReason: null };
const declined: ChargedPayment = { ...fields, status: 'DECLINED', declineReason: 'insufficient_funds' };

const voided: VoidedPayment = {
  id: '3c4d5e6f-7a8b-4c9d-8e1f-2a3b4c5d6e7f',
  orderId: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
  userId: null,
  amountCents: 0,
  currency: 'USD',
  status: 'VOIDED',
  createdAt: new Date('2025-01-01T00:00:00Z'),
  updatedAt: new Date('2025-01-01T00:00:00Z'),
};

describe('what a repeated charge answers for the stored payment', () => {
  test.each<[string, Payment, unknown]>([
    ['CAPTURED', captured, { outcome: 'captured', paymentId: captured.id }],
    ['DECLINED', declined, { outcome: 'declined', paymentId: declined.id, reason: 'insufficient_funds' }],
    ['REFUNDED', refunded, { outcome: 'refunded', paymentId: refunded.id }],
    ['VOIDED', voided, { outcome: 'voided' }],
  ])('when the stored payment is %s, then the charge answers %o', (_status, payment, expected) => {
    const outcome = chargeOutcomeOf(payment);

    expect(outcome).toEqual(expected);
  });

  test('when the stored payment is VOIDED, then the answer carries no payment id (no payment was made)', () => {
    const outcome = chargeOutcomeOf(voided);

    expect(outcome).not.toHaveProperty('paymentId');
  });
});

describe('what a refund does', () => {
  test('when the order has no payment yet, then the refund voids the order', () => {
    const decision = refundDecisionFor(undefined);

    expect(decision).toEqual({ action: 'void' });
  });

  test('when the payment is CAPTURED, then the refund gives that payment back', () => {
    const decision = refundDecisionFor(captured);

    expect(decision).toEqual({ action: 'refund', payment: captured });
  });

  test('when the payment is already REFUNDED, then the refund answers refunded again without a second effect', () => {
    const decision = refundDecisionFor(refunded);

    expect(decision).toEqual({ action: 'answer', outcome: { outcome: 'refunded', paymentId: refunded.id } });
  });

  test.each<[string, Payment]>([
    ['DECLINED', declined],
    ['VOIDED', voided],
  ])('when the payment is %s, then there is nothing to refund', (_status, payment) => {
    const decision = refundDecisionFor(payment);

    expect(decision).toEqual({ action: 'answer', outcome: { outcome: 'nothing_to_refund' } });
  });
});
