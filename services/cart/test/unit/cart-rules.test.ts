import { loadOpenApiDocument, resolvePointer } from '../../../../test/support/openapi-validator';
import { addLine, emptyCart, MAX_LINES, MAX_QUANTITY, recordCheckout, removeLine, setQuantity, totalOf, viewOf, withCanonicalIds, withPrices, type Cart } from '../../src/domain/cart';

const cartWith = (...items: Cart['items']): Cart => ({ items, checkouts: [] });
const fullCart = () => cartWith(...Array.from({ length: MAX_LINES }, (_, n) => ({ productId: `p-${n}`, quantity: 1, priceCents: 100 })));

describe('cart rules', () => {
  it('when a product not yet in the cart is added, then it is appended as a new line', () => {
    const cart = addLine(cartWith({ productId: 'a', quantity: 1, priceCents: 100 }), { productId: 'b', quantity: 2, priceCents: 250 });

    expect(cart.items).toEqual([{ productId: 'a', quantity: 1, priceCents: 100 }, { productId: 'b', quantity: 2, priceCents: 250 }]);
  });

  it('when a product already in the cart is added, then its line grows and takes the price just read', () => {
    const cart = addLine(cartWith({ productId: 'a', quantity: 3, priceCents: 100 }), { productId: 'a', quantity: 4, priceCents: 120 });

    expect(cart.items).toEqual([{ productId: 'a', quantity: 7, priceCents: 120 }]);
  });

  it('when an add reaches exactly 99, then it is accepted', () => {
    expect(addLine(cartWith({ productId: 'a', quantity: 90, priceCents: 1 }), { productId: 'a', quantity: 9, priceCents: 1 }).items[0]!.quantity).toBe(99);
  });

  it('when an add goes beyond 99, then it is refused as unprocessable (422)', () => {
    expect(() => addLine(cartWith({ productId: 'a', quantity: 90, priceCents: 1 }), { productId: 'a', quantity: 10, priceCents: 1 })).toThrow(
      expect.objectContaining({ status: 422 }),
    );
  });

  it('when a full cart is given a product it does not hold, then it is refused as unprocessable (422) naming the limit', () => {
    const cart = fullCart();

    const adding = () => addLine(cart, { productId: 'one-more', quantity: 1, priceCents: 100 });

    expect(adding).toThrow(expect.objectContaining({ status: 422, detail: expect.stringContaining(`at most ${MAX_LINES} different products`) }));
  });

  it('when a full cart is given more of a product it holds, then that line grows', () => {
    const cart = addLine(fullCart(), { productId: 'p-7', quantity: 4, priceCents: 100 });

    expect(cart.items).toHaveLength(MAX_LINES);
    expect(cart.items.find((item) => item.productId === 'p-7')!.quantity).toBe(5);
  });

  it('when the cart has one line fewer than the limit, then one more product is still added', () => {
    const cart = cartWith(...fullCart().items.slice(1));

    expect(addLine(cart, { productId: 'last', quantity: 1, priceCents: 100 }).items).toHaveLength(MAX_LINES);
  });

  it('when a stored cart holds one product under ids differing in letter case, then it reads as one lower-case line', () => {
    const cart = cartWith(
      { productId: 'ABCDEF00-0000-4000-8000-000000000001', quantity: 2, priceCents: 100 },
      { productId: 'b', quantity: 1, priceCents: 5 },
      { productId: 'abcdef00-0000-4000-8000-000000000001', quantity: 3, priceCents: 120 },
      { productId: 'C', quantity: 60, priceCents: 1 },
      { productId: 'c', quantity: 60, priceCents: 1 },
    );

    expect(withCanonicalIds(cart).items).toEqual([
      { productId: 'abcdef00-0000-4000-8000-000000000001', quantity: 5, priceCents: 100 },
      { productId: 'b', quantity: 1, priceCents: 5 },
      { productId: 'c', quantity: MAX_QUANTITY, priceCents: 1 },
    ]);
  });

  it('when a cart already has lower-case ids only, then reading it changes nothing', () => {
    const cart = cartWith({ productId: 'a', quantity: 1, priceCents: 1 });

    expect(withCanonicalIds(cart)).toBe(cart);
  });

  it('when lines are totalled, then the total is the sum of quantity × price in cents', () => {
    expect(totalOf([{ quantity: 2, priceCents: 1299 }, { quantity: 1, priceCents: 1 }])).toBe(2599);
    expect(viewOf(emptyCart())).toEqual({ items: [], totalCents: 0 });
  });

  it('when a quantity is set or a line removed for a product not in the cart, then it is not found (404)', () => {
    expect(() => setQuantity(emptyCart(), 'a', 1)).toThrow(expect.objectContaining({ status: 404 }));
    expect(() => removeLine(emptyCart(), 'a')).toThrow(expect.objectContaining({ status: 404 }));
  });

  it('when prices are refreshed, then lines take the new prices and keep their quantities', () => {
    const cart = withPrices(cartWith({ productId: 'a', quantity: 2, priceCents: 100 }, { productId: 'b', quantity: 1, priceCents: 5 }), new Map([['a', 150]]));

    expect(cart.items).toEqual([{ productId: 'a', quantity: 2, priceCents: 150 }, { productId: 'b', quantity: 1, priceCents: 5 }]);
  });

  it('when a checkout is recorded, then what was ordered leaves the cart and what was added meanwhile stays', () => {
    const cart = cartWith({ productId: 'a', quantity: 3, priceCents: 1 }, { productId: 'b', quantity: 1, priceCents: 1 }, { productId: 'c', quantity: 1, priceCents: 1 });

    const after = recordCheckout(cart, [{ productId: 'a', quantity: 2 }, { productId: 'b', quantity: 1 }], { key: 'k', orderId: 'o', status: 'PENDING' });

    expect(after.items).toEqual([{ productId: 'a', quantity: 1, priceCents: 1 }, { productId: 'c', quantity: 1, priceCents: 1 }]);
    expect(after.checkouts).toEqual([{ key: 'k', orderId: 'o', status: 'PENDING' }]);
  });

  it('when the same checkout is recorded twice, then the second changes nothing', () => {
    const once = recordCheckout(cartWith({ productId: 'a', quantity: 1, priceCents: 1 }), [{ productId: 'a', quantity: 1 }], { key: 'k', orderId: 'o', status: 'PENDING' });
    const withNewLine = addLine(once, { productId: 'a', quantity: 1, priceCents: 1 });

    expect(recordCheckout(withNewLine, [{ productId: 'a', quantity: 1 }], { key: 'k', orderId: 'o', status: 'PENDING' })).toEqual(withNewLine);
  });
});

describe('what a cart holds, held against what an order takes (contracts/openapi/public.v1.yaml)', () => {
  // The cart keeps its own constants (it never imports the order service); the public document states the order's.
  const orderItems = resolvePointer(loadOpenApiDocument(), '#/components/schemas/PlaceOrderRequest/properties/items') as {
    maxItems: number;
    items: { properties: { quantity: { maximum: number } } };
  };

  it('when the cart\'s line limit is compared with the most lines POST /orders takes, then they are equal', () => {
    expect(orderItems.maxItems).toEqual(expect.any(Number));

    expect(MAX_LINES).toBe(orderItems.maxItems);
  });

  it('when the cart\'s quantity limit is compared with the most one order line takes, then a cart line always fits', () => {
    expect(orderItems.items.properties.quantity.maximum).toEqual(expect.any(Number));

    expect(MAX_QUANTITY).toBeLessThanOrEqual(orderItems.items.properties.quantity.maximum);
  });
});
