import { addLine, emptyCart, recordCheckout, removeLine, setQuantity, totalOf, viewOf, withPrices, type Cart } from '../../src/domain/cart';

const cartWith = (...items: Cart['items']): Cart => ({ items, checkouts: [] });

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
