import { randomUUID } from 'node:crypto';
import { IDS_THAT_ARE_NOT_UUIDS } from '../../../../test/component-setup/harness';
import { UNSTORABLE_TEXT_MESSAGE } from '@shop/service-kit';
import type { OrderAnswer, OrderPlacement, OrderRequest } from '../../src/domain/ports';
import { aCustomer, startCart, storedCart, type CartUnderTest } from './cart-under-test';

/**
 * Text Postgres cannot store (NUL; an unpaired surrogate, sent as JSON allows it: "\ud800") is a 400 at the cart's own
 * edge, before the order service (whose jsonb would refuse the address) is asked. The order port records what reaches it.
 */
class RecordingOrders implements OrderPlacement {
  readonly requests: OrderRequest[] = [];
  async place(request: OrderRequest): Promise<OrderAnswer> {
    this.requests.push(request);
    return { status: 202, body: { id: randomUUID(), status: 'PENDING' } };
  }
}

const orders = new RecordingOrders();
let cart: CartUnderTest;

beforeAll(async () => {
  cart = await startCart({ orders });
});

afterAll(async () => {
  await cart.stop();
});

const address = (fields: Record<string, unknown> = {}) => ({ line1: '1 Main St', city: 'Springfield', postalCode: '12345', country: 'US', ...fields });

describe('text Postgres cannot store', () => {
  test.each([
    ['a NUL character', '\u0000'],
    ['a lone surrogate', '\uD800'],
  ])('when a checkout\'s address or payment token holds %s, then 400 problem+json names the field, no order is asked for and the cart is kept', async (_case, text) => {
    const customer = aCustomer();
    const productId = randomUUID();
    await cart.call('POST', '/cart/items', { as: customer, body: { productId, quantity: 1 } });
    const checkout = (body: unknown) => cart.call('POST', '/cart/checkout', { as: { ...customer, 'idempotency-key': `key-${randomUUID()}` }, body });

    const answers = [
      await checkout({ shippingAddress: address({ city: `Spring${text}field` }), paymentToken: 'tok_visa' }),
      await checkout({ shippingAddress: address({ line2: text }), paymentToken: 'tok_visa' }),
      await checkout({ shippingAddress: address(), paymentToken: `tok_visa${text}` }),
    ];

    expect(answers.map((answer) => answer.status)).toEqual([400, 400, 400]);
    expect(answers.map((answer) => answer.body.errors)).toEqual([
      [{ path: 'shippingAddress.city', message: UNSTORABLE_TEXT_MESSAGE }],
      [{ path: 'shippingAddress.line2', message: UNSTORABLE_TEXT_MESSAGE }],
      [{ path: 'paymentToken', message: UNSTORABLE_TEXT_MESSAGE }],
    ]);
    expect(orders.requests.filter((request) => JSON.stringify(request).includes(customer['x-user-id']!))).toEqual([]);
    expect((await storedCart(customer['x-user-id']!)).value.items).toEqual([{ productId, quantity: 1, priceCents: 1000 }]);
  });
});

describe('product ids that are not uuids', () => {
  test.each(IDS_THAT_ARE_NOT_UUIDS)('when the id is %s, then changing and removing the line answer 404 problem+json', async (_case, id) => {
    const customer = aCustomer();

    const answers = [
      await cart.call('PATCH', `/cart/items/${id}`, { as: customer, body: { quantity: 2 } }),
      await cart.call('DELETE', `/cart/items/${id}`, { as: customer }),
    ];

    expect(answers.map((answer) => [answer.status, answer.body?.type])).toEqual([
      [404, 'https://shop.local/problems/not-found'],
      [404, 'https://shop.local/problems/not-found'],
    ]);
  });
});
