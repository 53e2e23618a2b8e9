import { publicApi } from '../support/openapi-validator';
import { expectResponsesAsDocumented } from './support/documented-responses';
import { api, eventually, registerAndLogin } from './support/platform';
import { admin, deadLetterIdOf, placeOrder, publishPoisonRegistration, settled, shippingAddress, stockedProduct } from './support/shop';

describe('every read operation of the public API document', () => {
  // Every response below, the helpers' included, must be as contracts/openapi/public.v1.yaml documents it.
  beforeAll(expectResponsesAsDocumented);

  it('when each is called on data that exists, then each answers 200 as documented, and no read operation is left out', async () => {
    // A dead letter for the office's reads: published first, it is dropped and stored while the order settles.
    const poison = await publishPoisonRegistration();
    const product = await stockedProduct(5, 700);
    const customer = await registerAndLogin('reader');
    const token = customer.accessToken;
    const adminToken = await admin();
    await api('POST', '/users/me/addresses', { token, body: { ...shippingAddress, line2: 'Flat 2' } });
    await api('PATCH', '/users/me', { token, body: { phone: '+15555550123' } });
    const placed = await placeOrder(token, [{ productId: product.id, quantity: 1 }], 'tok_visa');
    const order = await settled(token, placed.body.id);
    const shipment = await eventually('the shipment', async () => (await api<{ id: string }[]>('GET', `/shipments?orderId=${order.id}`, { token })).body[0]);
    await eventually('a notification', async () => ((await api<unknown[]>('GET', '/notifications', { token })).body.length > 0 ? true : undefined), 30_000);
    await api('POST', '/cart/items', { token, body: { productId: product.id, quantity: 2 } });
    const categoryId = (await api<{ categoryId: string }>('GET', `/products/${product.id}`)).body.categoryId;
    const deadLetterId = await deadLetterIdOf(poison);
    const reads: { path: string; token?: string }[] = [
      { path: '/auth/jwks.json' },
      { path: '/users/me', token },
      { path: '/users/me/addresses?page=1&pageSize=5', token },
      { path: '/categories?pageSize=5' },
      { path: `/categories/${categoryId}` },
      { path: `/products?categoryId=${categoryId}&q=saga` },
      { path: `/products/${product.id}`, token },
      { path: `/inventory/${product.id}` },
      { path: '/cart', token },
      { path: '/orders', token },
      { path: '/orders?pageSize=3', token: adminToken },
      { path: `/orders/${order.id}`, token },
      { path: `/payments?orderId=${order.id}`, token },
      { path: '/payments?pageSize=3', token: adminToken },
      { path: `/shipments?orderId=${order.id}`, token },
      { path: `/shipments/${shipment.id}`, token: adminToken },
      { path: '/notifications', token },
      { path: '/dead-letters?status=pending&topic=user.registered&page=1&pageSize=5', token: adminToken },
      { path: `/dead-letters/${deadLetterId}`, token: adminToken },
    ];

    const responses = [];
    for (const read of reads) responses.push(await api('GET', read.path, read.token ? { token: read.token } : {}));
    const called = new Set(reads.map((read) => publicApi().templateOf(read.path)));
    const documented = publicApi().operations().filter((operation) => operation.method === 'GET').map((operation) => operation.path);

    expect(responses.map((response, index) => `${reads[index]!.path} ${response.status}`)).toEqual(reads.map((read) => `${read.path} 200`));
    expect([...called].sort()).toEqual(documented.sort());
  }, 90_000);
});
