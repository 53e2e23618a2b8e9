import { hashOfRequest } from '../../src/domain/place-order';
import { mergeLines, shippingSteps, totalOf } from '../../src/domain/order';

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

  it('when lines are priced, then the total is the sum of quantity × price in cents', () => {
    expect(totalOf([{ quantity: 2, priceCents: 1299 }, { quantity: 1, priceCents: 1 }])).toBe(2599);
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
