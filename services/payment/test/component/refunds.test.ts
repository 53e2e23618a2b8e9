import { setTimeout as sleep } from 'node:timers/promises';
import { randomUUID } from 'node:crypto';
import {
  aCharge,
  charge,
  contracts,
  givenCharged,
  HeldProcessor,
  historyOf,
  outboxRowsOf,
  paymentRowsOf,
  refund,
  startPayment,
  type PaymentUnderTest,
} from './payment-under-test';

let payment: PaymentUnderTest;

beforeAll(async () => {
  payment = await startPayment();
});

afterAll(async () => {
  await payment.stop();
});

const eventTypesOf = async (orderId: string) => (await outboxRowsOf(payment, orderId)).map((row) => row.type as string);

/** Whatever the interleaving, money taken is money given back: a capture never stands without its refund. */
async function expectSettledWithoutCharge(orderId: string): Promise<void> {
  const rows = await paymentRowsOf(payment, orderId);
  expect(rows).toHaveLength(1);
  expect(['VOIDED', 'REFUNDED']).toContain(rows[0].status);
  const types = await eventTypesOf(orderId);
  expect(types.filter((t) => t === 'payment.completed').length).toBe(types.filter((t) => t === 'payment.refunded').length);
  expect(types.filter((t) => t === 'payment.refunded').length).toBeLessThanOrEqual(1);
}

describe('POST /payments/refunds', () => {
  test('when the payment was captured, then it becomes REFUNDED with history and a contract-valid payment.refunded event', async () => {
    const { request, answer: captured } = await givenCharged(payment, { amountCents: 1250 });

    const answer = await refund(payment, request.orderId, 'cancelled_by_user');

    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ outcome: 'refunded', paymentId: captured.paymentId });
    expect(await paymentRowsOf(payment, request.orderId)).toEqual([expect.objectContaining({ id: captured.paymentId, status: 'REFUNDED', amount_cents: 1250 })]);
    expect((await historyOf(payment, request.orderId)).map(({ status, reason }) => ({ status, reason }))).toEqual([
      { status: 'CAPTURED', reason: null },
      { status: 'REFUNDED', reason: 'cancelled_by_user' },
    ]);
    const refunded = (await outboxRowsOf(payment, request.orderId)).filter((row) => row.type === 'payment.refunded');
    expect(refunded.map((row) => row.event.data)).toEqual([
      { paymentId: captured.paymentId, orderId: request.orderId, userId: request.userId, amountCents: 1250, currency: 'USD' },
    ]);
    expect(() => contracts.assertValid('payment.refunded', refunded[0].event.data)).not.toThrow();
  });

  test('when the refund is asked twice, then both answers agree and only one payment.refunded is recorded', async () => {
    const { request, answer: captured } = await givenCharged(payment);

    const first = await refund(payment, request.orderId);
    const second = await refund(payment, request.orderId);

    expect(second.body).toEqual(first.body);
    expect(second.body).toEqual({ outcome: 'refunded', paymentId: captured.paymentId });
    expect(await eventTypesOf(request.orderId)).toEqual(['payment.completed', 'payment.refunded']);
    expect(await historyOf(payment, request.orderId)).toHaveLength(2);
  });

  test('when five refunds of one payment arrive at once, then one refund happens and all answer refunded', async () => {
    const { request, answer: captured } = await givenCharged(payment);

    const answers = await Promise.all(Array.from({ length: 5 }, () => refund(payment, request.orderId)));

    expect(answers.map((a) => a.body)).toEqual(Array(5).fill({ outcome: 'refunded', paymentId: captured.paymentId }));
    expect(await eventTypesOf(request.orderId)).toEqual(['payment.completed', 'payment.refunded']);
  });

  test('when the charge was declined, then there is nothing to refund and the payment stays DECLINED', async () => {
    const { request } = await givenCharged(payment, { paymentToken: 'tok_chargeDeclined' });

    const answer = await refund(payment, request.orderId);

    expect(answer.body).toEqual({ outcome: 'nothing_to_refund' });
    expect(await paymentRowsOf(payment, request.orderId)).toEqual([expect.objectContaining({ status: 'DECLINED' })]);
    expect(await eventTypesOf(request.orderId)).toEqual(['payment.failed']);
  });

  test('when the refund comes before any charge, then a VOIDED row takes the order and a later charge answers voided', async () => {
    const request = aCharge();

    const refunded = await refund(payment, request.orderId, 'reservation_expired');
    const charged = await charge(payment, request);

    expect(refunded.body).toEqual({ outcome: 'nothing_to_refund' });
    expect(charged.status).toBe(200);
    expect(charged.body).toEqual({ outcome: 'voided' });
    expect(await paymentRowsOf(payment, request.orderId)).toEqual([
      expect.objectContaining({ status: 'VOIDED', amount_cents: 0, user_id: null, token_brand: null }),
    ]);
    expect((await historyOf(payment, request.orderId)).map(({ status, reason }) => ({ status, reason }))).toEqual([
      { status: 'VOIDED', reason: 'reservation_expired' },
    ]);
    expect(await eventTypesOf(request.orderId)).toEqual([]);
  });

  test('when an order was voided, then a second refund still answers nothing_to_refund', async () => {
    const orderId = randomUUID();
    await refund(payment, orderId);

    const again = await refund(payment, orderId);

    expect(again.body).toEqual({ outcome: 'nothing_to_refund' });
    expect(await paymentRowsOf(payment, orderId)).toHaveLength(1);
  });

  test('when a refunded order is charged again, then the charge answers refunded and nothing is captured', async () => {
    const { request, answer: captured } = await givenCharged(payment);
    await refund(payment, request.orderId);

    const again = await charge(payment, request);

    expect(again.body).toEqual({ outcome: 'refunded', paymentId: captured.paymentId });
    expect(await eventTypesOf(request.orderId)).toEqual(['payment.completed', 'payment.refunded']);
  });

  test('when a refund arrives while a tok_slow charge is still waiting, then the charge answers voided and nothing is captured', async () => {
    const processor = new HeldProcessor();
    const held = await startPayment({}, { sleep: processor.sleep });
    try {
      const request = aCharge({ paymentToken: 'tok_slow' });
      const inFlight = charge(held, request);
      await processor.waiting;

      const refunded = await refund(held, request.orderId).finally(() => processor.answer());
      const charged = await inFlight;

      expect(refunded.body).toEqual({ outcome: 'nothing_to_refund' });
      expect(charged.body).toEqual({ outcome: 'voided' });
      expect(await paymentRowsOf(payment, request.orderId)).toEqual([expect.objectContaining({ status: 'VOIDED' })]);
      await expectSettledWithoutCharge(request.orderId);
    } finally {
      processor.answer();
      await held.stop();
    }
  });

  test('when charges and refunds of the same orders race, then no order ends captured without its refund', async () => {
    const requests = Array.from({ length: 10 }, (_, i) => aCharge({ paymentToken: i % 2 ? 'tok_slow' : 'tok_visa' }));

    await Promise.all(requests.flatMap((request, i) => [charge(payment, request), sleep(i * 15).then(() => refund(payment, request.orderId))]));

    for (const request of requests) await expectSettledWithoutCharge(request.orderId);
  });

  test.each([
    ['no reason', { reason: undefined }, 'reason'],
    ['an empty reason', { reason: '  ' }, 'reason'],
    ['an order id that is not a uuid', { orderId: '42' }, 'orderId'],
  ])('when the refund has %s, then 400 names the field', async (_situation, change, field) => {
    const body = { orderId: randomUUID(), reason: 'cancelled_by_user', ...change };

    const answer = await payment.call('POST', '/payments/refunds', { body });

    expect(answer.status).toBe(400);
    expect(answer.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ path: field })]));
  });
});
