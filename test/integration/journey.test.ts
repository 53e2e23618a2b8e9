import { api, eventually, registerAndLogin } from './support/platform';
import { admin, getOrder, settled, stockedProduct } from './support/shop';
import { expectResponsesAsDocumented } from './support/documented-responses';

describe('the customer journey, end to end through the gateway', () => {
  // Every response below, the helpers' included, must be as contracts/openapi/public.v1.yaml documents it.
  beforeAll(expectResponsesAsDocumented);

  it('when a customer registers, saves an address, fills a cart and checks out, and the parcel is delivered, then the order is DELIVERED and the customer was told at each step', async () => {
    const [mug, plate] = await Promise.all([stockedProduct(10, 1_299), stockedProduct(10, 899)]);
    const customer = await registerAndLogin('journey');
    const token = customer.accessToken;

    const profile = await api<{ email: string }>('GET', '/users/me', { token });
    const address = await api<{ id: string; line1: string; city: string; postalCode: string; country: string }>('POST', '/users/me/addresses', {
      token,
      body: { line1: '12 Journey Lane', city: 'Portland', postalCode: '97201', country: 'US' },
    });
    await api('POST', '/cart/items', { token, body: { productId: mug!.id, quantity: 2 } });
    await api('POST', '/cart/items', { token, body: { productId: plate!.id, quantity: 1 } });
    const { id: _id, ...shippingAddress } = address.body;
    const checkout = await api<{ id: string }>('POST', '/cart/checkout', { token, body: { shippingAddress, paymentToken: 'tok_visa' }, headers: { 'idempotency-key': `journey-${Date.now()}` } });
    const confirmed = await settled(token, checkout.body.id);
    const shipment = await eventually('the shipment', async () => (await api<{ id: string; status: string; trackingNumber: string }[]>('GET', `/shipments?orderId=${checkout.body.id}`, { token })).body[0]);
    const delivered = await api<{ status: string }>('POST', `/shipments/${shipment.id}/deliver`, { token: await admin() });
    const order = await eventually('the order to be DELIVERED', async () => {
      const current = await getOrder(token, checkout.body.id);
      return current.status === 'DELIVERED' ? current : undefined;
    }, 30_000);
    const templates = await eventually('three notifications', async () => {
      const list = (await api<{ template: string }[]>('GET', '/notifications', { token })).body.map((n) => n.template);
      return list.length >= 3 ? list : undefined;
    }, 30_000);

    expect(profile.body.email).toBe(customer.email);
    expect(address.status).toBe(201);
    expect(checkout.status).toBe(202);
    expect(confirmed.status).toBe('CONFIRMED');
    expect(confirmed.totalCents).toBe(2 * 1_299 + 899);
    expect(shipment.trackingNumber).toMatch(/^SHOP-[A-Z0-9]{16}$/);
    expect(delivered.status).toBe(200);
    expect(order.history.map((h) => h.status)).toEqual(['PENDING', 'CONFIRMED', 'SHIPPED', 'DELIVERED']);
    expect(templates.sort()).toEqual(expect.arrayContaining([expect.stringMatching(/confirm/), expect.stringMatching(/ship/), expect.stringMatching(/deliver/)]));
  }, 90_000);

  it('when another customer asks for that shipment, then 404; a customer cannot mark it delivered', async () => {
    const product = await stockedProduct(3);
    const owner = await registerAndLogin('ship-owner');
    const stranger = await registerAndLogin('ship-stranger');
    await api('POST', '/cart/items', { token: owner.accessToken, body: { productId: product.id, quantity: 1 } });
    const checkout = await api<{ id: string }>('POST', '/cart/checkout', { token: owner.accessToken, body: { shippingAddress: { line1: '1 A St', city: 'B', postalCode: '1', country: 'US' }, paymentToken: 'tok_visa' }, headers: { 'idempotency-key': `ship-${Date.now()}` } });
    await settled(owner.accessToken, checkout.body.id);
    const shipment = await eventually('the shipment', async () => (await api<{ id: string }[]>('GET', `/shipments?orderId=${checkout.body.id}`, { token: owner.accessToken })).body[0]);

    expect((await api('GET', `/shipments?orderId=${checkout.body.id}`, { token: stranger.accessToken })).status).toBe(404);
    expect((await api('GET', `/shipments/${shipment.id}`, { token: stranger.accessToken })).status).toBe(404);
    expect((await api('POST', `/shipments/${shipment.id}/deliver`, { token: owner.accessToken })).status).toBe(403);
  });
});
