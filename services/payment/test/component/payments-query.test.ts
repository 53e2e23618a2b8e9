import { randomUUID } from 'node:crypto';
import { aCustomer, anAdmin, givenCharged, refund, startPayment, type PaymentUnderTest } from './payment-under-test';

let payment: PaymentUnderTest;

beforeAll(async () => {
  payment = await startPayment();
});

afterAll(async () => {
  await payment.stop();
});

const paymentsOf = (orderId: string, as: Record<string, string>) => payment.call('GET', `/payments?orderId=${orderId}`, { as });

describe('GET /payments?orderId=', () => {
  test("when the owner asks for the order's payments, then the list holds the payment's public view", async () => {
    const { request, answer: captured } = await givenCharged(payment, { amountCents: 3100 });

    const answer = await paymentsOf(request.orderId, aCustomer(request.userId));

    expect(answer.status).toBe(200);
    expect(answer.body).toEqual([
      { id: captured.paymentId, orderId: request.orderId, amountCents: 3100, currency: 'USD', status: 'CAPTURED', createdAt: expect.any(String) },
    ]);
    expect(new Date(answer.body[0].createdAt).toISOString()).toBe(answer.body[0].createdAt);
  });

  test('when the payment was refunded, then the owner sees it REFUNDED', async () => {
    const { request } = await givenCharged(payment);
    await refund(payment, request.orderId);

    const answer = await paymentsOf(request.orderId, aCustomer(request.userId));

    expect(answer.body).toEqual([expect.objectContaining({ status: 'REFUNDED' })]);
  });

  test("when another customer asks for the order's payments, then 404 problem+json (the order is not theirs to know)", async () => {
    const { request } = await givenCharged(payment);

    const answer = await paymentsOf(request.orderId, aCustomer());

    expect(answer.status).toBe(404);
    expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });

  test("when an administrator asks for a customer's order, then the list holds its payment", async () => {
    const { request, answer: captured } = await givenCharged(payment, { paymentToken: 'tok_chargeDeclined' });

    const answer = await paymentsOf(request.orderId, anAdmin());

    expect(answer.status).toBe(200);
    expect(answer.body).toEqual([expect.objectContaining({ id: captured.paymentId, status: 'DECLINED' })]);
  });

  test('when the order has no payment, then the list is empty', async () => {
    const answer = await paymentsOf(randomUUID(), aCustomer());

    expect(answer.status).toBe(200);
    expect(answer.body).toEqual([]);
  });

  test('when the order was only voided, then the list is empty (a void is not a payment)', async () => {
    const orderId = randomUUID();
    await refund(payment, orderId);

    const answer = await paymentsOf(orderId, anAdmin());

    expect(answer.body).toEqual([]);
  });

  test('when the caller is anonymous, then 401', async () => {
    const { request } = await givenCharged(payment);

    const answer = await payment.call('GET', `/payments?orderId=${request.orderId}`);

    expect(answer.status).toBe(401);
  });

  test('when the order id is not a uuid, then 400 names orderId', async () => {
    const answer = await paymentsOf('not-a-uuid', aCustomer());

    expect(answer.status).toBe(400);
    expect(answer.body.errors).toEqual([expect.objectContaining({ path: 'orderId' })]);
  });
});

describe('GET /payments without an order', () => {
  test('when a customer leaves out the order, then 400 names orderId', async () => {
    const answer = await payment.call('GET', '/payments', { as: aCustomer() });

    expect(answer.status).toBe(400);
    expect(answer.body.errors).toEqual([expect.objectContaining({ path: 'orderId' })]);
  });

  test("when an administrator leaves out the order, then every order's payments come back as a page, newest first", async () => {
    const older = await givenCharged(payment);
    const newer = await givenCharged(payment);

    const answer = await payment.call('GET', '/payments?page=1&pageSize=100', { as: anAdmin() });

    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ page: 1, pageSize: 100, total: expect.any(Number) });
    expect(answer.body.total).toBeGreaterThanOrEqual(2);
    const ids = (answer.body.items as { id: string }[]).map((item) => item.id);
    expect(ids.indexOf(newer.answer.paymentId!)).toBeGreaterThanOrEqual(0);
    expect(ids.indexOf(newer.answer.paymentId!)).toBeLessThan(ids.indexOf(older.answer.paymentId!));
  });

  test('when an administrator pages beyond the end, then the page is empty but the total is kept', async () => {
    await givenCharged(payment);

    const answer = await payment.call('GET', '/payments?page=1000000&pageSize=100', { as: anAdmin() });

    expect(answer.body).toMatchObject({ items: [], page: 1000000, pageSize: 100 });
    expect(answer.body.total).toBeGreaterThanOrEqual(1);
  });

  test.each(['0', '101', 'ten'])('when the page size is %p, then 400', async (pageSize) => {
    const answer = await payment.call('GET', `/payments?pageSize=${pageSize}`, { as: anAdmin() });

    expect(answer.status).toBe(400);
  });
});
