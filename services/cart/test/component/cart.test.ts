import { randomUUID } from 'node:crypto';
import { aCustomer, startCart, storedCart, StubPrices, type CartUnderTest } from './cart-under-test';
import { redisKeyOf, redisTtlOf } from './redis-ttl';

// Prices come from a stubbed PriceList (our own port): no catalog runs in the component environment.
const prices = new StubPrices();
let cart: CartUnderTest;

beforeAll(async () => {
  cart = await startCart({ prices }, { CART_TTL_SECONDS: '3600' });
});

afterAll(async () => {
  await cart.stop();
});

describe('the cart (real Dapr state store)', () => {
  it('when a customer has never added anything, then the cart is empty', async () => {
    const answer = await cart.call('GET', '/cart', { as: aCustomer() });

    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ items: [], totalCents: 0 });
  });

  it('when a product is added twice, then it is one line with the summed quantity at the catalog price, and stored', async () => {
    const customer = aCustomer();
    const productId = randomUUID();
    prices.prices.set(productId, 1250);

    await cart.call('POST', '/cart/items', { as: customer, body: { productId, quantity: 2 } });
    const answer = await cart.call('POST', '/cart/items', { as: customer, body: { productId, quantity: 3 } });

    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ items: [{ productId, quantity: 5, priceCents: 1250 }], totalCents: 6250 });
    expect((await cart.call('GET', '/cart', { as: customer })).body).toEqual(answer.body);
    expect((await storedCart(customer['x-user-id']!)).value.items).toEqual([{ productId, quantity: 5, priceCents: 1250 }]);
  });

  it('when a cart is written, then its state store entry expires after CART_TTL_SECONDS', async () => {
    const customer = aCustomer();

    await cart.call('POST', '/cart/items', { as: customer, body: { productId: randomUUID(), quantity: 1 } });

    const ttl = await redisTtlOf(redisKeyOf(`cart-${customer['x-user-id']}`));
    expect(ttl).toBeGreaterThan(3500);
    expect(ttl).toBeLessThanOrEqual(3600);
  });

  it('when an add would take a line beyond 99, then it is refused with 422 and the line is unchanged', async () => {
    const customer = aCustomer();
    const productId = randomUUID();
    await cart.call('POST', '/cart/items', { as: customer, body: { productId, quantity: 90 } });

    const answer = await cart.call('POST', '/cart/items', { as: customer, body: { productId, quantity: 10 } });

    expect(answer.status).toBe(422);
    expect((await cart.call('GET', '/cart', { as: customer })).body.items).toEqual([{ productId, quantity: 90, priceCents: 1000 }]);
  });

  it('when a cart holds 50 different products, then a 51st is refused with 422 naming the limit, and more of one it holds is still added', async () => {
    const customer = aCustomer();
    const held = Array.from({ length: 50 }, () => randomUUID());
    for (const productId of held) await cart.call('POST', '/cart/items', { as: customer, body: { productId, quantity: 1 } });

    const refused = await cart.call('POST', '/cart/items', { as: customer, body: { productId: randomUUID(), quantity: 1 } });
    const more = await cart.call('POST', '/cart/items', { as: customer, body: { productId: held[0], quantity: 2 } });

    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ type: 'https://shop.local/problems/unprocessable', status: 422, detail: expect.stringContaining('at most 50 different products') });
    expect(more.status).toBe(200);
    const stored = (await storedCart(customer['x-user-id']!)).value.items as { productId: string; quantity: number }[];
    expect(stored.map((line) => line.productId)).toEqual(held);
    expect(stored[0]!.quantity).toBe(3);
  });

  it('when a product id is sent in upper case, then it is the same line as in lower case, stored and answered in lower case', async () => {
    const customer = aCustomer();
    const productId = randomUUID();
    const upper = productId.toUpperCase();

    await cart.call('POST', '/cart/items', { as: customer, body: { productId: upper, quantity: 2 } });
    const added = await cart.call('POST', '/cart/items', { as: customer, body: { productId, quantity: 1 } });
    const patched = await cart.call('PATCH', `/cart/items/${upper}`, { as: customer, body: { quantity: 4 } });

    expect(added.body.items).toEqual([{ productId, quantity: 3, priceCents: 1000 }]);
    expect(patched.body.items).toEqual([{ productId, quantity: 4, priceCents: 1000 }]);
    expect((await storedCart(customer['x-user-id']!)).value.items).toEqual([{ productId, quantity: 4, priceCents: 1000 }]);
    expect((await cart.call('DELETE', `/cart/items/${upper}`, { as: customer })).status).toBe(204);
    expect((await cart.call('GET', '/cart', { as: customer })).body.items).toEqual([]);
  });

  it('when the product does not exist in the catalog, then the add answers 404 and nothing is stored', async () => {
    const customer = aCustomer();
    const missing = randomUUID();
    const withoutProducts = await startCart({ prices: { pricesOf: async () => new Map() } });

    try {
      const answer = await withoutProducts.call('POST', '/cart/items', { as: customer, body: { productId: missing, quantity: 1 } });

      expect(answer.status).toBe(404);
      expect(answer.body.detail).toBe(`product ${missing} does not exist`);
      expect((await storedCart(customer['x-user-id']!)).value).toBeUndefined();
    } finally {
      await withoutProducts.stop();
    }
  });

  it('when a quantity is patched, then the line holds exactly that quantity', async () => {
    const customer = aCustomer();
    const productId = randomUUID();
    await cart.call('POST', '/cart/items', { as: customer, body: { productId, quantity: 4 } });

    const answer = await cart.call('PATCH', `/cart/items/${productId}`, { as: customer, body: { quantity: 7 } });

    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ items: [{ productId, quantity: 7, priceCents: 1000 }], totalCents: 7000 });
    expect((await cart.call('GET', '/cart', { as: customer })).body).toEqual(answer.body);
  });

  it('when a product not in the cart is patched or deleted, then the answer is 404', async () => {
    const customer = aCustomer();

    const patched = await cart.call('PATCH', `/cart/items/${randomUUID()}`, { as: customer, body: { quantity: 1 } });
    const deleted = await cart.call('DELETE', `/cart/items/${randomUUID()}`, { as: customer });

    expect(patched.status).toBe(404);
    expect(deleted.status).toBe(404);
  });

  it('when a line is deleted, then only that line leaves the cart', async () => {
    const customer = aCustomer();
    const [kept, removed] = [randomUUID(), randomUUID()];
    await cart.call('POST', '/cart/items', { as: customer, body: { productId: kept, quantity: 1 } });
    await cart.call('POST', '/cart/items', { as: customer, body: { productId: removed, quantity: 2 } });

    const answer = await cart.call('DELETE', `/cart/items/${removed}`, { as: customer });

    expect(answer.status).toBe(204);
    expect((await cart.call('GET', '/cart', { as: customer })).body).toEqual({ items: [{ productId: kept, quantity: 1, priceCents: 1000 }], totalCents: 1000 });
  });

  it('when the cart is emptied, then it has no lines', async () => {
    const customer = aCustomer();
    await cart.call('POST', '/cart/items', { as: customer, body: { productId: randomUUID(), quantity: 1 } });

    const answer = await cart.call('DELETE', '/cart', { as: customer });

    expect(answer.status).toBe(204);
    expect((await cart.call('GET', '/cart', { as: customer })).body).toEqual({ items: [], totalCents: 0 });
  });

  it('when two customers use their carts, then neither sees the other one', async () => {
    const [one, other] = [aCustomer(), aCustomer()];

    await cart.call('POST', '/cart/items', { as: one, body: { productId: randomUUID(), quantity: 1 } });

    expect((await cart.call('GET', '/cart', { as: other })).body.items).toEqual([]);
  });

  it('when a request has no caller, then it is refused with 401', async () => {
    const answers = await Promise.all([
      cart.call('GET', '/cart'),
      cart.call('POST', '/cart/items', { body: { productId: randomUUID(), quantity: 1 } }),
      cart.call('DELETE', '/cart'),
      cart.call('POST', '/cart/checkout', { body: {} }),
    ]);

    expect(answers.map((answer) => answer.status)).toEqual([401, 401, 401, 401]);
  });

  it('when the body is invalid, then the answer is 400', async () => {
    const customer = aCustomer();

    const answers = await Promise.all([
      cart.call('POST', '/cart/items', { as: customer, body: { productId: 'not-a-uuid', quantity: 1 } }),
      cart.call('POST', '/cart/items', { as: customer, body: { productId: randomUUID(), quantity: 0 } }),
      cart.call('POST', '/cart/items', { as: customer, body: { productId: randomUUID(), quantity: 100 } }),
      cart.call('PATCH', `/cart/items/${randomUUID()}`, { as: customer, body: { quantity: 1.5 } }),
    ]);

    expect(answers.map((answer) => answer.status)).toEqual([400, 400, 400, 400]);
  });

  it('when checkout has no Idempotency-Key, then the answer is 400', async () => {
    const answer = await cart.call('POST', '/cart/checkout', {
      as: aCustomer(),
      body: { shippingAddress: { line1: '1 Street', city: 'Town', postalCode: '1', country: 'US' }, paymentToken: 'tok_visa' },
    });

    expect(answer.status).toBe(400);
  });
});

describe('concurrent changes to one cart', () => {
  it('when two clients of one user add 20 different products at once, then all 20 lines land', async () => {
    const customer = aCustomer();
    const secondClient = await startCart({ prices });
    const products = Array.from({ length: 20 }, () => randomUUID());

    try {
      const answers = await Promise.all(
        products.map((productId, index) => (index % 2 === 0 ? cart : secondClient).call('POST', '/cart/items', { as: customer, body: { productId, quantity: 1 } })),
      );

      expect(answers.map((answer) => answer.status)).toEqual(products.map(() => 200));
      const lines = (await cart.call('GET', '/cart', { as: customer })).body.items as { productId: string }[];
      expect(lines.map((line) => line.productId).sort()).toEqual([...products].sort());
    } finally {
      await secondClient.stop();
    }
  });

  it('when the same product is added concurrently, then the quantities are summed exactly', async () => {
    const customer = aCustomer();
    const productId = randomUUID();
    const quantities = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

    const answers = await Promise.all(quantities.map((quantity) => cart.call('POST', '/cart/items', { as: customer, body: { productId, quantity } })));

    expect(answers.map((answer) => answer.status)).toEqual(quantities.map(() => 200));
    expect((await cart.call('GET', '/cart', { as: customer })).body.items).toEqual([{ productId, quantity: 55, priceCents: 1000 }]);
  });
});
