import { api, eventually, platform, registerAndLogin } from './support/platform';
import { admin, getOrder, paymentsOf, placeOrder, settled, stockedProduct, stockOf } from './support/shop';
import { expectResponsesAsDocumented } from './support/documented-responses';

interface SinkMessage {
  channel: string;
  to: string[] | string;
  subject?: string;
}

const sinkMessagesTo = async (email: string) =>
  (await (await fetch(`${platform().messageSinkUrl}/messages?to=${encodeURIComponent(email)}`)).json()) as SinkMessage[];

describe('checkout through the gateway, on real sidecars, Postgres and the broker', () => {
  // Every response below, the helpers' included, must be as contracts/openapi/public.v1.yaml documents it.
  beforeAll(expectResponsesAsDocumented);

  it('when 2 of 5 are ordered with tok_visa, then CONFIRMED, stock 3, one CAPTURED payment and an email', async () => {
    const product = await stockedProduct(5, 1_299);
    const customer = await registerAndLogin('happy');

    const placed = await placeOrder(customer.accessToken, [{ productId: product.id, quantity: 2 }], 'tok_visa');
    const order = await settled(customer.accessToken, placed.body.id);
    const stock = await stockOf(product.id);
    const payments = await paymentsOf(customer.accessToken, order.id);
    const email = await eventually('the confirmation email at the SMTP sink', async () => (await sinkMessagesTo(customer.email)).find((m) => m.channel === 'email'));
    const notifications = await eventually('the recorded notification', async () => {
      const list = (await api<{ template: string; channel: string }[]>('GET', '/notifications', { token: customer.accessToken })).body;
      return list.length ? list : undefined;
    });

    expect(placed.status).toBe(202);
    expect(placed.body.status).toBe('PENDING');
    expect(order.status).toBe('CONFIRMED');
    expect(order.totalCents).toBe(2_598);
    expect(order.history.map((h) => h.status)).toEqual(['PENDING', 'CONFIRMED']);
    expect(stock).toMatchObject({ onHand: 3, reserved: 0, available: 3 });
    expect(payments).toEqual([expect.objectContaining({ status: 'CAPTURED', amountCents: 2_598 })]);
    expect(email.subject).toBeTruthy();
    expect(notifications).toEqual([expect.objectContaining({ channel: 'email' })]);
  });

  it('when the card is declined, then CANCELLED payment_declined, stock as before and nothing captured', async () => {
    const product = await stockedProduct(5);
    const customer = await registerAndLogin('declined');

    const placed = await placeOrder(customer.accessToken, [{ productId: product.id, quantity: 2 }], 'tok_chargeDeclined');
    const order = await settled(customer.accessToken, placed.body.id);
    const stock = await stockOf(product.id);
    const payments = await paymentsOf(customer.accessToken, order.id);

    expect(order.status).toBe('CANCELLED');
    expect(order.history.at(-1)).toMatchObject({ status: 'CANCELLED', reason: 'payment_declined' });
    expect(stock).toMatchObject({ onHand: 5, reserved: 0, available: 5 });
    expect(payments.filter((p) => p.status === 'CAPTURED')).toEqual([]);
  });

  it('when there is not enough stock, then CANCELLED out_of_stock and no payment attempted', async () => {
    const product = await stockedProduct(1);
    const customer = await registerAndLogin('short');

    const placed = await placeOrder(customer.accessToken, [{ productId: product.id, quantity: 3 }], 'tok_visa');
    const order = await settled(customer.accessToken, placed.body.id);

    expect(order.history.at(-1)).toMatchObject({ status: 'CANCELLED', reason: 'out_of_stock' });
    expect(await paymentsOf(customer.accessToken, order.id)).toEqual([]);
    expect(await stockOf(product.id)).toMatchObject({ onHand: 1, reserved: 0, available: 1 });
  });

  it('when 30 customers race for 10 units, then exactly 10 CONFIRMED, 20 CANCELLED and the stock is exactly used up', async () => {
    const product = await stockedProduct(10);
    const customer = await registerAndLogin('racer');

    const placed = await Promise.all(Array.from({ length: 30 }, () => placeOrder(customer.accessToken, [{ productId: product.id, quantity: 1 }], 'tok_visa')));
    const orders = await Promise.all(placed.map((p) => settled(customer.accessToken, p.body.id, 120_000)));
    const stock = await stockOf(product.id);

    expect(placed.every((p) => p.status === 202)).toBe(true);
    expect(orders.filter((o) => o.status === 'CONFIRMED')).toHaveLength(10);
    expect(orders.filter((o) => o.status === 'CANCELLED').map((o) => o.history.at(-1)?.reason)).toEqual(Array(20).fill('out_of_stock'));
    expect(stock).toMatchObject({ onHand: 0, reserved: 0, available: 0 });
  }, 180_000);

  it('when 10 identical requests share one Idempotency-Key, then one order and one payment; another body with that key → 422', async () => {
    const product = await stockedProduct(5);
    const customer = await registerAndLogin('idempotent');
    const key = `same-${Date.now()}`;

    const responses = await Promise.all(Array.from({ length: 10 }, () => placeOrder(customer.accessToken, [{ productId: product.id, quantity: 1 }], 'tok_visa', key)));
    const ids = new Set(responses.map((r) => r.body.id));
    const order = await settled(customer.accessToken, [...ids][0]!);
    const otherBody = await placeOrder(customer.accessToken, [{ productId: product.id, quantity: 2 }], 'tok_visa', key);
    const list = await api<{ total: number }>('GET', '/orders', { token: customer.accessToken });

    expect(responses.map((r) => r.status)).toEqual(Array(10).fill(202));
    expect(ids.size).toBe(1);
    expect(order.status).toBe('CONFIRMED');
    expect(await paymentsOf(customer.accessToken, order.id)).toHaveLength(1);
    expect(otherBody.status).toBe(422);
    expect(list.body.total).toBe(1);
    expect(await stockOf(product.id)).toMatchObject({ onHand: 4, reserved: 0 });
  });

  it('when the payment service keeps failing, then CANCELLED payment_unavailable, never stuck PENDING, stock restored', async () => {
    const product = await stockedProduct(3);
    const customer = await registerAndLogin('unavailable');

    const placed = await placeOrder(customer.accessToken, [{ productId: product.id, quantity: 1 }], 'tok_unavailable');
    const order = await settled(customer.accessToken, placed.body.id);

    expect(order.history.at(-1)).toMatchObject({ status: 'CANCELLED', reason: 'payment_unavailable' });
    expect(await stockOf(product.id)).toMatchObject({ onHand: 3, reserved: 0, available: 3 });
    expect((await paymentsOf(customer.accessToken, order.id)).filter((p) => p.status === 'CAPTURED')).toEqual([]);
  });

  it('when a CONFIRMED order is cancelled, then stock returns, the payment is REFUNDED, order.cancelled is published and the customer told', async () => {
    const product = await stockedProduct(4, 500);
    const customer = await registerAndLogin('canceller');
    const placed = await placeOrder(customer.accessToken, [{ productId: product.id, quantity: 3 }], 'tok_visa');
    await settled(customer.accessToken, placed.body.id);

    const cancel = await api('POST', `/orders/${placed.body.id}/cancel`, { token: customer.accessToken });
    const order = await eventually('the order to be CANCELLED', async () => {
      const current = await getOrder(customer.accessToken, placed.body.id);
      return current.status === 'CANCELLED' ? current : undefined;
    }, 60_000);
    const event = await eventually('order.cancelled at the probe', async () => {
      const received = (await (await fetch(`${platform().probeUrl}/received?type=order.cancelled`)).json()) as { event: { data: { orderId: string; reason: string } } }[];
      return received.find((r) => r.event.data.orderId === placed.body.id);
    });
    const notified = await eventually('the cancellation notification', async () => {
      const list = (await api<{ template: string }[]>('GET', '/notifications', { token: customer.accessToken })).body;
      return list.find((n) => /cancel/i.test(n.template));
    });

    expect(cancel.status).toBe(202);
    expect(order.history.map((h) => h.status)).toEqual(['PENDING', 'CONFIRMED', 'CANCELLED']);
    expect(order.history.at(-1)?.reason).toBe('cancelled_by_user');
    expect(await stockOf(product.id)).toMatchObject({ onHand: 4, reserved: 0, available: 4 });
    expect(await paymentsOf(customer.accessToken, order.id)).toEqual([expect.objectContaining({ status: 'REFUNDED' })]);
    expect(event.event.data.reason).toBe('cancelled_by_user');
    expect(notified).toBeTruthy();
  });

  it('when another customer asks for an order, its payments or its cancellation, then 404', async () => {
    const product = await stockedProduct(2);
    const owner = await registerAndLogin('owner');
    const stranger = await registerAndLogin('stranger');
    const placed = await placeOrder(owner.accessToken, [{ productId: product.id, quantity: 1 }], 'tok_visa');
    await settled(owner.accessToken, placed.body.id);

    expect((await api('GET', `/orders/${placed.body.id}`, { token: stranger.accessToken })).status).toBe(404);
    expect((await api('GET', `/payments?orderId=${placed.body.id}`, { token: stranger.accessToken })).status).toBe(404);
    expect((await api('POST', `/orders/${placed.body.id}/cancel`, { token: stranger.accessToken })).status).toBe(404);
    expect((await api('GET', `/orders/${placed.body.id}`, { token: await admin() })).status).toBe(200);
  });

  it('when an order has no Idempotency-Key or an unknown payment token, then 400 and 422', async () => {
    const product = await stockedProduct(2);
    const customer = await registerAndLogin('picky');

    const noKey = await api('POST', '/orders', { token: customer.accessToken, body: { items: [{ productId: product.id, quantity: 1 }], shippingAddress: { line1: 'x', city: 'y', postalCode: 'z', country: 'US' }, paymentToken: 'tok_visa' } });
    const badToken = await placeOrder(customer.accessToken, [{ productId: product.id, quantity: 1 }], 'tok_made_up');
    const unknownProduct = await placeOrder(customer.accessToken, [{ productId: '00000000-0000-4000-8000-000000000099', quantity: 1 }], 'tok_visa');

    expect(noKey.status).toBe(400);
    expect(badToken.status).toBe(422);
    expect(unknownProduct.status).toBe(422);
  });
});
