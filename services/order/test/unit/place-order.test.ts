import { randomUUID } from 'node:crypto';
import { MAX_LOOKUP_IDS } from '../../../catalog/src/domain/look-up-products';
import { PlaceOrderBody } from '../../src/api/request-bodies';
import { hashOfRequest, placeOrder, type PlaceOrder } from '../../src/domain/place-order';
import { MAX_LINE_QUANTITY, MAX_ORDER_LINES, mergeLines, shippingSteps, totalOf } from '../../src/domain/order';
import { FakeCatalog, FakeCheckout, FakeOrders } from './fake-ports';

describe('placing an order', () => {
  const body = {
    items: [{ productId: 'p-1', quantity: 2 }],
    shippingAddress: { line1: '1 Street', city: 'Town', postalCode: '1', country: 'US' },
    paymentToken: 'tok_visa',
  };

  it('when the same body arrives with its keys in another order, then its hash is the same', () => {
    const reordered = { paymentToken: 'tok_visa', shippingAddress: { country: 'US', postalCode: '1', city: 'Town', line1: '1 Street' }, items: [{ quantity: 2, productId: 'p-1' }] };

    expect(hashOfRequest(reordered)).toBe(hashOfRequest(body));
  });

  it('when anything the client asked for differs, then the hash differs', () => {
    expect(hashOfRequest({ ...body, paymentToken: 'tok_slow' })).not.toBe(hashOfRequest(body));
    expect(hashOfRequest({ ...body, items: [{ productId: 'p-1', quantity: 3 }] })).not.toBe(hashOfRequest(body));
    expect(hashOfRequest({ ...body, couponCode: 'SAVE10' })).not.toBe(hashOfRequest(body));
  });

  it('when a product is listed twice, then it becomes one line with the summed quantity', () => {
    expect(mergeLines([{ productId: 'a', quantity: 1 }, { productId: 'b', quantity: 2 }, { productId: 'a', quantity: 3 }])).toEqual([
      { productId: 'a', quantity: 4 },
      { productId: 'b', quantity: 2 },
    ]);
  });

  it('when two bodies differ only in the letter case of a product id, then they parse to the same lower-case ids and hash the same', () => {
    const productId = 'abcdef00-0000-4000-8000-000000000001';
    const spelled = (id: string) => PlaceOrderBody.parse({ ...body, items: [{ productId: id, quantity: 2 }] });

    const [lower, upper] = [spelled(productId), spelled(productId.toUpperCase())];

    expect(upper.items).toEqual([{ productId, quantity: 2 }]);
    expect(hashOfRequest(upper)).toBe(hashOfRequest(lower));
  });

  it('when lines are priced, then the total is the sum of quantity × price in cents', () => {
    expect(totalOf([{ quantity: 2, priceCents: 1299 }, { quantity: 1, priceCents: 1 }])).toBe(2599);
  });

});

describe('pricing an order from the catalog', () => {
  const shippingAddress = { line1: '1 Street', city: 'Town', postalCode: '1', country: 'US' };
  const anOrder = (items: PlaceOrder['items']): PlaceOrder => ({ userId: randomUUID(), customerEmail: 'c@shop.local', idempotencyKey: randomUUID(), items, shippingAddress, paymentToken: 'tok_visa' });
  const setUp = () => ({ orders: new FakeOrders(), catalog: new FakeCatalog(), checkout: new FakeCheckout() });
  const bodyWithLines = (lines: number) => ({ items: Array.from({ length: lines }, () => ({ productId: randomUUID(), quantity: 1 })), shippingAddress, paymentToken: 'tok_visa' });

  it('when an order has several lines, then one catalog lookup prices them all, at the catalog\'s prices', async () => {
    const deps = setUp();
    deps.catalog.sells('p-1', 1299).sells('p-2', 450);

    const accepted = await placeOrder(anOrder([{ productId: 'p-1', quantity: 2 }, { productId: 'p-2', quantity: 1 }, { productId: 'p-1', quantity: 1 }]), deps);

    expect(deps.catalog.lookups).toEqual([['p-1', 'p-2']]);
    expect(deps.orders.created[0]).toMatchObject({
      items: [
        { productId: 'p-1', sku: 'SKU-p-1', name: 'Product p-1', quantity: 3, priceCents: 1299 },
        { productId: 'p-2', sku: 'SKU-p-2', name: 'Product p-2', quantity: 1, priceCents: 450 },
      ],
      totalCents: 4347,
    });
    expect(deps.checkout.started).toEqual([accepted.id]);
  });

  it('when one product is listed with its id in two letter cases, then it becomes one lower-case line with the summed quantity', async () => {
    const deps = setUp();
    const productId = 'abcdef00-0000-4000-8000-000000000002';
    deps.catalog.sells(productId, 500);
    const body = PlaceOrderBody.parse({ items: [{ productId: productId.toUpperCase(), quantity: 2 }, { productId, quantity: 3 }], shippingAddress, paymentToken: 'tok_visa' });

    await placeOrder({ ...anOrder([]), items: body.items }, deps);

    expect(deps.catalog.lookups).toEqual([[productId]]);
    expect(deps.orders.created[0]).toMatchObject({ items: [{ productId, quantity: 5, priceCents: 500 }], totalCents: 2500 });
  });

  it('when some products do not exist, then the order is refused with 422 naming them, and nothing is stored or started', async () => {
    const deps = setUp();
    deps.catalog.sells('p-1', 1299);

    const refusal = placeOrder(anOrder([{ productId: 'gone-1', quantity: 1 }, { productId: 'p-1', quantity: 1 }, { productId: 'gone-2', quantity: 1 }]), deps);

    await expect(refusal).rejects.toMatchObject({ status: 422, detail: 'these products do not exist: gone-1, gone-2' });
    expect(deps.catalog.lookups).toHaveLength(1);
    expect(deps.orders.created).toEqual([]);
    expect(deps.checkout.started).toEqual([]);
  });

  it('when one product\'s lines add up to more than one line may ask for, then the order is refused with 422 naming it, and at the limit it is taken', async () => {
    const deps = setUp();
    deps.catalog.sells('p-1', 100);

    const refusal = placeOrder(anOrder([{ productId: 'p-1', quantity: MAX_LINE_QUANTITY }, { productId: 'p-1', quantity: 1 }]), deps);
    await expect(refusal).rejects.toMatchObject({ status: 422, detail: `one order takes at most ${MAX_LINE_QUANTITY} of a product; asked in total: ${MAX_LINE_QUANTITY + 1} of p-1` });
    await placeOrder(anOrder([{ productId: 'p-1', quantity: MAX_LINE_QUANTITY - 1 }, { productId: 'p-1', quantity: 1 }]), deps);

    expect(deps.catalog.lookups).toHaveLength(1);
    expect(deps.orders.created).toEqual([expect.objectContaining({ items: [expect.objectContaining({ productId: 'p-1', quantity: MAX_LINE_QUANTITY })] })]);
  });

  it('when a product is not sold in USD, then the order is refused with 422', async () => {
    const deps = setUp();
    deps.catalog.sells('p-eur', 1000, 'EUR');

    await expect(placeOrder(anOrder([{ productId: 'p-eur', quantity: 1 }]), deps)).rejects.toMatchObject({ status: 422, detail: 'product p-eur is not sold in USD' });
  });

  it('when an order has more lines than one catalog lookup may name, then the API refuses it before pricing', () => {
    expect(PlaceOrderBody.safeParse(bodyWithLines(50)).success).toBe(true);
    expect(PlaceOrderBody.safeParse(bodyWithLines(MAX_LOOKUP_IDS + 1)).success).toBe(false);
  });

  it('when an order has one line more than MAX_ORDER_LINES, then the API refuses it, and at the limit it takes it', () => {
    expect(PlaceOrderBody.safeParse(bodyWithLines(MAX_ORDER_LINES)).success).toBe(true);
    expect(PlaceOrderBody.safeParse(bodyWithLines(MAX_ORDER_LINES + 1)).success).toBe(false);
  });
});

describe('what shipping moves an order through', () => {
  it('when a CONFIRMED order is shipped, then it becomes SHIPPED', () => {
    expect(shippingSteps('CONFIRMED', 'SHIPPED')).toEqual(['SHIPPED']);
  });

  it('when the delivery is reported before the dispatch, then the order passes through SHIPPED to DELIVERED', () => {
    expect(shippingSteps('CONFIRMED', 'DELIVERED')).toEqual(['SHIPPED', 'DELIVERED']);
  });

  it('when an event arrives again or late, then nothing moves backwards or twice', () => {
    expect(shippingSteps('SHIPPED', 'SHIPPED')).toEqual([]);
    expect(shippingSteps('DELIVERED', 'SHIPPED')).toEqual([]);
    expect(shippingSteps('DELIVERED', 'DELIVERED')).toEqual([]);
  });

  it('when the order was cancelled, then shipping never revives it; when still PENDING, it must wait', () => {
    expect(shippingSteps('CANCELLED', 'DELIVERED')).toEqual([]);
    expect(shippingSteps('PENDING', 'SHIPPED')).toBeUndefined();
  });
});
