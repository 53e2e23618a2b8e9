import { randomUUID } from 'node:crypto';
import { chargePayment, type Charge } from '../../src/domain/charge-payment';
import { refundPayment } from '../../src/domain/refund-payment';
import { chargeDeps } from './fakes/in-memory-payments';

const aCharge = (overrides: Partial<Charge> = {}): Charge => ({
  orderId: randomUUID(),
  userId: randomUUID(),
  amountCents: 4999,
  currency: 'USD',
  paymentToken: 'tok_visa',
  ...overrides,
});

describe('charging an order', () => {
  test('when the token is tok_slow, then the processor waits the configured delay before capturing', async () => {
    const deps = chargeDeps();

    const outcome = await chargePayment(aCharge({ paymentToken: 'tok_slow' }), deps);

    expect(outcome).toMatchObject({ outcome: 'captured' });
    expect(deps.slept).toEqual([3_000]);
  });

  test('when a slow charge was already recorded, then a retry answers at once without waiting again', async () => {
    const deps = chargeDeps();
    const charge = aCharge({ paymentToken: 'tok_slow' });
    const first = await chargePayment(charge, deps);

    const retry = await chargePayment(charge, deps);

    expect(retry).toEqual(first);
    expect(deps.slept).toHaveLength(1);
  });

  test('when a charge is declined, then payment.failed carries the reason and no payment.completed is recorded', async () => {
    const deps = chargeDeps();
    const charge = aCharge({ paymentToken: 'tok_chargeDeclined' });

    const outcome = await chargePayment(charge, deps);

    expect(outcome).toMatchObject({ outcome: 'declined', reason: 'card_declined' });
    expect(deps.payments.events).toEqual([
      { type: 'payment.failed', data: { paymentId: expect.any(String), orderId: charge.orderId, userId: charge.userId, reason: 'card_declined' } },
    ]);
  });

  test.each(['tok_unavailable', 'tok_bogus'])('when the token is %s, then nothing is recorded', async (paymentToken) => {
    const deps = chargeDeps();

    await expect(chargePayment(aCharge({ paymentToken }), deps)).rejects.toBeDefined();

    expect(deps.payments.rows.size).toBe(0);
    expect(deps.payments.events).toEqual([]);
  });

  test('when the order was voided by a refund before the charge arrived, then the charge answers voided and records nothing', async () => {
    const deps = chargeDeps();
    const charge = aCharge();
    await refundPayment({ orderId: charge.orderId, reason: 'cancelled_by_user' }, deps);

    const outcome = await chargePayment(charge, deps);

    expect(outcome).toEqual({ outcome: 'voided' });
    expect(deps.payments.events).toEqual([]);
  });
});

describe('refunding an order', () => {
  test('when the payment was captured, then it is refunded once however often the refund is asked', async () => {
    const deps = chargeDeps();
    const charge = aCharge();
    const captured = await chargePayment(charge, deps);

    const first = await refundPayment({ orderId: charge.orderId, reason: 'cancelled_by_user' }, deps);
    const second = await refundPayment({ orderId: charge.orderId, reason: 'cancelled_by_user' }, deps);

    expect(first).toEqual({ outcome: 'refunded', paymentId: (captured as { paymentId: string }).paymentId });
    expect(second).toEqual(first);
    expect(deps.payments.events.map((e) => e.type)).toEqual(['payment.completed', 'payment.refunded']);
  });
});

describe('counting charge attempts', () => {
  const counting = () => {
    const attempts: string[] = [];
    const deps = { ...chargeDeps(), metrics: { chargeAttempt: (outcome: string) => void attempts.push(outcome) } };
    return { deps, attempts };
  };

  test('when charges are captured, declined and retried, then each attempt counts under its outcome', async () => {
    const { deps, attempts } = counting();
    const captured = aCharge();

    await chargePayment(captured, deps);
    await chargePayment(aCharge({ paymentToken: 'tok_chargeDeclined' }), deps);
    await chargePayment(captured, deps);

    expect(attempts).toEqual(['captured', 'declined', 'repeated']);
  });

  test('when the processor is unavailable or the token unknown, then they count as unavailable and rejected', async () => {
    const { deps, attempts } = counting();

    await expect(chargePayment(aCharge({ paymentToken: 'tok_unavailable' }), deps)).rejects.toBeDefined();
    await expect(chargePayment(aCharge({ paymentToken: 'tok_bogus' }), deps)).rejects.toBeDefined();

    expect(attempts).toEqual(['unavailable', 'rejected']);
  });
});
