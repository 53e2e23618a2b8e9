import { api, registerAndLogin } from './support/platform';
import { settled, shippingAddress, stockedProduct, stockOf, unstockedProducts } from './support/shop';
import { expectResponsesAsDocumented } from './support/documented-responses';

interface CartView {
  items: { productId: string; quantity: number; priceCents: number }[];
  totalCents: number;
}

describe('the cart, through the gateway', () => {
  // Every response below, the helpers' included, must be as contracts/openapi/public.v1.yaml documents it.
  beforeAll(expectResponsesAsDocumented);

  it('when two clients of one user add products at the same time, then every add lands', async () => {
    const products = await Promise.all(Array.from({ length: 6 }, (_, i) => stockedProduct(10, 100 + i)));
    const customer = await registerAndLogin('two-tabs');

    const adds = await Promise.all(products.flatMap((product) => [1, 2].map((quantity) => api('POST', '/cart/items', { token: customer.accessToken, body: { productId: product.id, quantity } }))));
    const cart = (await api<CartView>('GET', '/cart', { token: customer.accessToken })).body;

    expect(adds.map((a) => a.status)).toEqual(Array(12).fill(200));
    expect(cart.items).toHaveLength(6);
    expect(cart.items.every((item) => item.quantity === 3)).toBe(true);
    expect(cart.totalCents).toBe(products.reduce((sum, p) => sum + 3 * p.priceCents, 0));
  });

  it('when the cart is checked out twice with one key, then one order, the cart cleared once and the stock taken once', async () => {
    const product = await stockedProduct(5, 800);
    const customer = await registerAndLogin('double-click');
    await api('POST', '/cart/items', { token: customer.accessToken, body: { productId: product.id, quantity: 2 } });
    const key = `cart-${Date.now()}`;

    const first = await api<{ id: string }>('POST', '/cart/checkout', { token: customer.accessToken, body: { shippingAddress, paymentToken: 'tok_visa' }, headers: { 'idempotency-key': key } });
    const second = await api<{ id: string }>('POST', '/cart/checkout', { token: customer.accessToken, body: { shippingAddress, paymentToken: 'tok_visa' }, headers: { 'idempotency-key': key } });
    const order = await settled(customer.accessToken, first.body.id);
    const cart = (await api<CartView>('GET', '/cart', { token: customer.accessToken })).body;
    const orders = (await api<{ total: number }>('GET', '/orders', { token: customer.accessToken })).body;

    expect(first.status).toBe(202);
    expect(second.status).toBe(202);
    expect(second.body.id).toBe(first.body.id);
    expect(order.status).toBe('CONFIRMED');
    expect(order.totalCents).toBe(1_600);
    expect(cart.items).toEqual([]);
    expect(orders.total).toBe(1);
    expect(await stockOf(product.id)).toMatchObject({ onHand: 3, reserved: 0 });
  });

  it('when an empty cart is checked out or a product is unknown, then 422 and 404', async () => {
    const customer = await registerAndLogin('empty-cart');

    const empty = await api('POST', '/cart/checkout', { token: customer.accessToken, body: { shippingAddress, paymentToken: 'tok_visa' }, headers: { 'idempotency-key': `k-${Date.now()}` } });
    const unknown = await api('POST', '/cart/items', { token: customer.accessToken, body: { productId: '00000000-0000-4000-8000-0000000000aa', quantity: 1 } });

    expect(empty.status).toBe(422);
    expect(unknown.status).toBe(404);
  });

  it('when a client adds more made-up products than cart\'s breaker to the catalog tolerates failures, then each is 404 and a real product is still added', async () => {
    const product = await stockedProduct(5, 950);
    const customer = await registerAndLogin('made-up-ids');
    // catalogBreaker trips after more than 10 consecutive failures; the lookup answers these with 200, so none counts.
    const madeUp = Array.from({ length: 15 }, (_, i) => `00000000-0000-4000-8000-${String(0xb00 + i).padStart(12, '0')}`);

    const unknown = [];
    for (const productId of madeUp) unknown.push(await api('POST', '/cart/items', { token: customer.accessToken, body: { productId, quantity: 1 } }));
    const real = await api<CartView>('POST', '/cart/items', { token: customer.accessToken, body: { productId: product.id, quantity: 1 } });

    expect(unknown.map((answer) => answer.status)).toEqual(Array(15).fill(404));
    expect(real.status).toBe(200);
    expect(real.body.items).toEqual([{ productId: product.id, quantity: 1, priceCents: 950 }]);
  });

  it('when a cart holds 50 different products, then a 51st is refused with 422 naming the limit, more of one still fits, and the full cart is ordered', async () => {
    const [extra, ...held] = await unstockedProducts(51, 300);
    const customer = await registerAndLogin('full-cart');
    // One at a time: fifty concurrent writes to one cart would only measure its contention retries.
    for (const product of held) await api('POST', '/cart/items', { token: customer.accessToken, body: { productId: product.id, quantity: 1 } });

    const refused = await api<{ type: string; detail: string }>('POST', '/cart/items', { token: customer.accessToken, body: { productId: extra!.id, quantity: 1 } });
    const more = await api<CartView>('POST', '/cart/items', { token: customer.accessToken, body: { productId: held[0]!.id, quantity: 1 } });
    const checkout = await api<{ id: string }>('POST', '/cart/checkout', { token: customer.accessToken, body: { shippingAddress, paymentToken: 'tok_visa' }, headers: { 'idempotency-key': `full-${Date.now()}` } });

    expect(refused.status).toBe(422);
    expect(refused.body.type).toBe('https://shop.local/problems/unprocessable');
    expect(refused.body.detail).toContain('at most 50 different products');
    expect(more.status).toBe(200);
    expect(more.body.items.map((item) => item.productId)).toEqual(held.map((product) => product.id));
    expect(more.body.items[0]!.quantity).toBe(2);
    // The order service takes all fifty lines (202); with no stock its saga then cancels it.
    expect(checkout.status).toBe(202);
    expect((await settled(customer.accessToken, checkout.body.id)).history.at(-1)).toMatchObject({ status: 'CANCELLED', reason: 'out_of_stock' });
  }, 120_000);

  it('when a product id is sent in upper case, then it joins the line of its lower-case spelling and is answered in lower case', async () => {
    const product = await stockedProduct(5, 700);
    const customer = await registerAndLogin('upper-case-id');

    await api('POST', '/cart/items', { token: customer.accessToken, body: { productId: product.id.toUpperCase(), quantity: 1 } });
    const added = await api<CartView>('POST', '/cart/items', { token: customer.accessToken, body: { productId: product.id, quantity: 2 } });
    const patched = await api<CartView>('PATCH', `/cart/items/${product.id.toUpperCase()}`, { token: customer.accessToken, body: { quantity: 4 } });

    expect(added.body.items).toEqual([{ productId: product.id, quantity: 3, priceCents: 700 }]);
    expect(patched.body.items).toEqual([{ productId: product.id, quantity: 4, priceCents: 700 }]);
  });
});
