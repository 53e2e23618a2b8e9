import { randomUUID } from 'node:crypto';
import { addItem } from '../../src/domain/add-item';
import { MAX_LINES } from '../../src/domain/cart';
import { checkOut, type CheckOut } from '../../src/domain/check-out';
import { getCart } from '../../src/domain/get-cart';
import { FakeCartStore, FakeOrders, FakePrices, noWait } from './fake-ports';

const shippingAddress = { line1: '1 Street', city: 'Town', postalCode: '1', country: 'US' };

function setUp() {
  const deps = { carts: new FakeCartStore(), prices: new FakePrices(), orders: new FakeOrders(), retry: noWait() };
  const customer = { id: randomUUID(), email: 'c@shop.local', roles: ['customer'] };
  const request = (idempotencyKey: string = randomUUID()): CheckOut => ({ customer, idempotencyKey, shippingAddress, paymentToken: 'tok_visa' });
  const given = async (productId: string, quantity: number, priceCents: number) => {
    deps.prices.prices.set(productId, priceCents);
    await addItem({ userId: customer.id, productId, quantity }, deps);
  };
  return { deps, customer, request, given };
}

describe('adding an item', () => {
  it('when the product is not in the catalog, then the add is refused with 404 naming it and the cart stays as it was', async () => {
    const { deps, customer } = setUp();

    const refusal = addItem({ userId: customer.id, productId: 'made-up', quantity: 1 }, deps);

    await expect(refusal).rejects.toMatchObject({ status: 404, detail: 'product made-up does not exist' });
    expect(deps.prices.lookups).toEqual([['made-up']]);
    expect(deps.carts.writes).toBe(0);
  });
});

describe('checking out', () => {
  it('when the cart has lines, then the order is placed as the customer, with the key, and without client prices', async () => {
    const { deps, customer, request, given } = setUp();
    await given('p1', 2, 500);
    await given('p2', 1, 300);
    const input = request('key-1');

    const answer = await checkOut(input, deps);

    expect(answer).toEqual({ status: 202, body: { id: 'order-1', status: 'PENDING' } });
    expect(deps.orders.placed).toEqual([
      { customer, idempotencyKey: 'key-1', items: [{ productId: 'p1', quantity: 2 }, { productId: 'p2', quantity: 1 }], shippingAddress, paymentToken: 'tok_visa' },
    ]);
  });

  it('when the order is accepted (202), then the cart is emptied', async () => {
    const { deps, customer, request, given } = setUp();
    await given('p1', 2, 500);

    await checkOut(request(), deps);

    expect(await getCart(customer.id, deps)).toEqual({ items: [], totalCents: 0 });
  });

  it('when the order service refuses (4xx), then its status and problem pass through and the cart is kept', async () => {
    const { deps, customer, request, given } = setUp();
    await given('p1', 2, 500);
    const problem = { type: 'https://shop.local/problems/unprocessable', title: 'Unprocessable request', status: 422, detail: 'unknown payment token' };
    deps.orders.answer = { status: 422, body: problem };

    const answer = await checkOut(request(), deps);

    expect(answer).toEqual({ status: 422, body: problem });
    expect((await getCart(customer.id, deps)).items).toEqual([{ productId: 'p1', quantity: 2, priceCents: 500 }]);
  });

  it('when the same key is used again after the cart was emptied, then the same order is answered without placing another', async () => {
    const { deps, request, given } = setUp();
    await given('p1', 1, 500);
    const first = await checkOut(request('same-key'), deps);

    const again = await checkOut(request('same-key'), deps);

    expect(again).toEqual(first);
    expect(deps.orders.placed).toHaveLength(1);
  });

  it('when the cart is empty, then checkout is refused with 422 and no order is placed', async () => {
    const { deps, request } = setUp();

    await expect(checkOut(request(), deps)).rejects.toMatchObject({ status: 422, detail: 'the cart is empty' });
    expect(deps.orders.placed).toHaveLength(0);
  });

  it('when a cart filled before the line limit holds more lines than an order takes, then checkout is refused with 422 naming the limit', async () => {
    const { deps, customer, request } = setUp();
    const lines = Array.from({ length: MAX_LINES + 1 }, (_, n) => ({ productId: `p-${n}`, quantity: 1, priceCents: 100 }));
    deps.carts.put(customer.id, { items: lines, checkouts: [] });

    const refusal = checkOut(request(), deps);

    await expect(refusal).rejects.toMatchObject({ status: 422, detail: expect.stringContaining(`at most ${MAX_LINES} different products`) });
    expect(deps.orders.placed).toHaveLength(0);
  });

  it('when products have vanished from the catalog, then checkout is refused with 422 naming them', async () => {
    const { deps, request, given } = setUp();
    await given('kept', 1, 500);
    await given('gone-1', 1, 500);
    await given('gone-2', 1, 500);
    deps.prices.prices.delete('gone-1');
    deps.prices.prices.delete('gone-2');

    const refusal = checkOut(request(), deps);

    await expect(refusal).rejects.toMatchObject({ status: 422 });
    await expect(refusal).rejects.toThrow(/gone-1, gone-2/);
    expect(deps.orders.placed).toHaveLength(0);
  });

  it('when the cart has several lines, then all their prices are read in one lookup', async () => {
    const { deps, request, given } = setUp();
    await given('p1', 2, 500);
    await given('p2', 1, 300);
    await given('p3', 4, 100);
    deps.prices.lookups.length = 0;

    await checkOut(request(), deps);

    expect(deps.prices.lookups).toEqual([['p1', 'p2', 'p3']]);
  });

  it('when a price changed since the add, then the cart is refreshed to the current price', async () => {
    const { deps, customer, request, given } = setUp();
    await given('p1', 2, 500);
    deps.prices.prices.set('p1', 650);
    deps.orders.answer = { status: 422, body: { status: 422, detail: 'refused, so the cart stays to be read' } };

    await checkOut(request(), deps);

    expect(await getCart(customer.id, deps)).toEqual({ items: [{ productId: 'p1', quantity: 2, priceCents: 650 }], totalCents: 1300 });
  });
});
