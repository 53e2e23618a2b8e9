import { aCharge, charge, contracts, historyOf, outboxRowsOf, paymentRowsOf, SLOW_TOKEN_DELAY_MS, startPayment, type PaymentUnderTest } from './payment-under-test';

let payment: PaymentUnderTest;

beforeAll(async () => {
  payment = await startPayment();
});

afterAll(async () => {
  await payment.stop();
});

describe('POST /payments/charges', () => {
  test('when the token is tok_visa, then the charge is captured, stored, logged in history and announced by payment.completed', async () => {
    const request = aCharge({ paymentToken: 'tok_visa', amountCents: 2599 });

    const answer = await charge(payment, request);

    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ outcome: 'captured', paymentId: expect.any(String) });
    const rows = await paymentRowsOf(payment, request.orderId);
    expect(rows).toEqual([
      expect.objectContaining({
        id: answer.body.paymentId,
        user_id: request.userId,
        amount_cents: 2599,
        currency: 'USD',
        status: 'CAPTURED',
        decline_reason: null,
        token_brand: 'visa',
      }),
    ]);
    expect(await historyOf(payment, request.orderId)).toEqual([{ status: 'CAPTURED', reason: null, at: expect.any(Date) }]);
    const events = await outboxRowsOf(payment, request.orderId);
    expect(events.map((row) => row.event)).toEqual([
      expect.objectContaining({
        type: 'payment.completed',
        source: 'payment',
        subject: request.orderId,
        data: { paymentId: answer.body.paymentId, orderId: request.orderId, userId: request.userId, amountCents: 2599, currency: 'USD' },
      }),
    ]);
    expect(() => contracts.assertValid('payment.completed', events[0].event.data)).not.toThrow();
  });

  test.each([
    ['tok_chargeDeclined', 'card_declined'],
    ['tok_insufficientFunds', 'insufficient_funds'],
  ])('when the token is %s, then the charge is declined with %s (200: a business outcome) and payment.failed is recorded', async (paymentToken, reason) => {
    const request = aCharge({ paymentToken });

    const answer = await charge(payment, request);

    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ outcome: 'declined', paymentId: expect.any(String), reason });
    expect(await paymentRowsOf(payment, request.orderId)).toEqual([expect.objectContaining({ status: 'DECLINED', decline_reason: reason })]);
    expect(await historyOf(payment, request.orderId)).toEqual([{ status: 'DECLINED', reason, at: expect.any(Date) }]);
    const events = await outboxRowsOf(payment, request.orderId);
    expect(events.map((row) => row.event.data)).toEqual([{ paymentId: answer.body.paymentId, orderId: request.orderId, userId: request.userId, reason }]);
    expect(events[0].type).toBe('payment.failed');
    expect(() => contracts.assertValid('payment.failed', events[0].event.data)).not.toThrow();
  });

  test('when the token is tok_slow, then the charge is captured only after the configured delay', async () => {
    const request = aCharge({ paymentToken: 'tok_slow' });
    const startedAt = Date.now();

    const answer = await charge(payment, request);

    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(SLOW_TOKEN_DELAY_MS - 10);
    expect(answer.body).toEqual({ outcome: 'captured', paymentId: expect.any(String) });
    expect(await paymentRowsOf(payment, request.orderId)).toEqual([expect.objectContaining({ status: 'CAPTURED', token_brand: 'slow' })]);
  });

  test('when the token is unknown, then 422 problem+json and nothing is stored', async () => {
    const request = aCharge({ paymentToken: 'tok_mastercard' });

    const answer = await charge(payment, request);

    expect(answer.status).toBe(422);
    expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(answer.body).toMatchObject({ status: 422, type: 'https://shop.local/problems/unprocessable' });
    expect(JSON.stringify(answer.body)).not.toContain('tok_mastercard');
    expect(await paymentRowsOf(payment, request.orderId)).toEqual([]);
  });

  test('when the token is tok_unavailable, then 503 problem+json and neither a payment nor an event is written', async () => {
    const request = aCharge({ paymentToken: 'tok_unavailable' });

    const answer = await charge(payment, request);

    expect(answer.status).toBe(503);
    expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(answer.body).toMatchObject({ status: 503, type: 'https://shop.local/problems/unavailable' });
    expect(await paymentRowsOf(payment, request.orderId)).toEqual([]);
    expect(await outboxRowsOf(payment, request.orderId)).toEqual([]);
  });

  test.each([
    ['a zero amount', { amountCents: 0 }, 'amountCents'],
    ['a negative amount', { amountCents: -100 }, 'amountCents'],
    ['a fractional amount', { amountCents: 12.5 }, 'amountCents'],
    ['an amount as a string', { amountCents: '4999' }, 'amountCents'],
    ['another currency', { currency: 'EUR' }, 'currency'],
    ['an order id that is not a uuid', { orderId: 'order-1' }, 'orderId'],
    ['no user id', { userId: undefined }, 'userId'],
    ['no payment token', { paymentToken: undefined }, 'paymentToken'],
  ])('when the charge has %s, then 400 names the field and nothing is stored', async (_situation, change, field) => {
    const valid = aCharge();

    const answer = await charge(payment, { ...valid, ...change });

    expect(answer.status).toBe(400);
    expect(answer.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ path: field })]));
    expect(await paymentRowsOf(payment, valid.orderId)).toEqual([]);
  });

  test('when the same charge is sent twice, then both answers carry the same payment and there is one row and one event', async () => {
    const request = aCharge();

    const first = await charge(payment, request);
    const second = await charge(payment, request);

    expect(second.status).toBe(200);
    expect(second.body).toEqual(first.body);
    expect(await paymentRowsOf(payment, request.orderId)).toHaveLength(1);
    expect(await historyOf(payment, request.orderId)).toHaveLength(1);
    expect(await outboxRowsOf(payment, request.orderId)).toHaveLength(1);
  });

  test('when a declined charge is repeated, then it answers the first decline again without a new event', async () => {
    const request = aCharge({ paymentToken: 'tok_insufficientFunds' });
    const first = await charge(payment, request);

    const again = await charge(payment, request);

    expect(again.body).toEqual(first.body);
    expect(await outboxRowsOf(payment, request.orderId)).toHaveLength(1);
  });

  test('when 10 charges for one order arrive at once, then one payment is stored and all ten answer the same', async () => {
    const request = aCharge();

    const answers = await Promise.all(Array.from({ length: 10 }, () => charge(payment, request)));

    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(200));
    const paymentId = answers[0]?.body.paymentId;
    expect(answers.map((a) => a.body)).toEqual(Array(10).fill({ outcome: 'captured', paymentId }));
    expect(await paymentRowsOf(payment, request.orderId)).toHaveLength(1);
    expect(await outboxRowsOf(payment, request.orderId)).toHaveLength(1);
  });

  test('when 10 slow charges for one order arrive at once, then one payment is stored and all ten answer the same', async () => {
    const request = aCharge({ paymentToken: 'tok_slow' });

    const answers = await Promise.all(Array.from({ length: 10 }, () => charge(payment, request)));

    expect(new Set(answers.map((a) => JSON.stringify(a.body))).size).toBe(1);
    expect(answers[0]?.body).toMatchObject({ outcome: 'captured' });
    expect(await paymentRowsOf(payment, request.orderId)).toHaveLength(1);
    expect(await outboxRowsOf(payment, request.orderId)).toHaveLength(1);
  });

  test('when a charge is stored, then no column holds the payment token', async () => {
    const request = aCharge({ paymentToken: 'tok_visa' });

    await charge(payment, request);

    const [row] = await paymentRowsOf(payment, request.orderId);
    expect(JSON.stringify(row)).not.toContain('tok_');
    const [event] = await outboxRowsOf(payment, request.orderId);
    expect(JSON.stringify(event.event)).not.toContain('tok_');
  });
});
