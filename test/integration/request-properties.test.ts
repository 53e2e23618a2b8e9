import fc from 'fast-check';
import { api, registerAndLogin } from './support/platform';
import { admin, shippingAddress, stockedProduct } from './support/shop';

/**
 * Property: for ANY body, a write endpoint answers below 500, and every refusal is RFC 9457 problem+json whose
 * `status` is the HTTP status. Bodies mix arbitrary JSON with near-valid ones (right keys, wrong or extreme values),
 * which reach deeper into validation and the database than random noise does.
 */
const weird = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double(),
  fc.constantFrom(-1, 0, 2 ** 31, Number.MAX_SAFE_INTEGER, 1e308),
  fc.string(),
  fc.constantFrom('', ' ', "'; drop table orders; --", '\u0000', 'x'.repeat(5_000), '00000000-0000-4000-8000-000000000000', '{}', '<script>'),
  fc.array(fc.anything(), { maxLength: 3 }),
  fc.object({ maxDepth: 2 }),
);
const nearValid = (valid: Record<string, unknown>) =>
  fc.record(Object.fromEntries(Object.entries(valid).map(([key, value]) => [key, fc.oneof(fc.constant(value), weird)])), { requiredKeys: [] });
const bodies = (valid: Record<string, unknown>) => fc.oneof(fc.anything(), nearValid(valid));

interface Endpoint {
  name: string;
  method: string;
  path: string;
  token: () => string;
  valid: Record<string, unknown>;
  headers?: () => Record<string, string>;
}

describe('every write endpoint, for any body', () => {
  let customer: string;
  let adminToken: string;
  let productId: string;
  const endpoints: Endpoint[] = [];

  beforeAll(async () => {
    customer = (await registerAndLogin('fuzz')).accessToken;
    adminToken = await admin();
    productId = (await stockedProduct(50)).id;
    const anyone = () => '';
    const asCustomer = () => customer;
    const asAdmin = () => adminToken;
    const key = () => ({ 'idempotency-key': `fuzz-${Math.random().toString(36).slice(2)}` });
    endpoints.push(
      { name: 'register', method: 'POST', path: '/auth/register', token: anyone, valid: { email: 'f@example.test', password: 'long enough secret', name: 'F' } },
      { name: 'login', method: 'POST', path: '/auth/login', token: anyone, valid: { email: 'f@example.test', password: 'x' } },
      { name: 'refresh', method: 'POST', path: '/auth/refresh', token: anyone, valid: { refreshToken: 'x' } },
      { name: 'create category', method: 'POST', path: '/categories', token: asAdmin, valid: { name: 'Fuzz' } },
      { name: 'create product', method: 'POST', path: '/products', token: asAdmin, valid: { sku: 'FUZZ-1', name: 'F', description: 'd', priceCents: 100, currency: 'USD', categoryId: productId } },
      { name: 'patch product', method: 'PATCH', path: `/products/${'PRODUCT'}`, token: asAdmin, valid: { priceCents: 120 } },
      { name: 'set stock', method: 'PUT', path: `/inventory/${'PRODUCT'}`, token: asAdmin, valid: { onHand: 50 } },
      { name: 'place order', method: 'POST', path: '/orders', token: asCustomer, headers: key, valid: { items: [{ productId: 'PRODUCT', quantity: 1 }], shippingAddress, paymentToken: 'tok_chargeDeclined' } },
      { name: 'add to cart', method: 'POST', path: '/cart/items', token: asCustomer, valid: { productId: 'PRODUCT', quantity: 1 } },
      { name: 'checkout', method: 'POST', path: '/cart/checkout', token: asCustomer, headers: key, valid: { shippingAddress, paymentToken: 'tok_chargeDeclined' } },
      { name: 'patch profile', method: 'PATCH', path: '/users/me', token: asCustomer, valid: { name: 'Fuzzy', phone: '+15555550100' } },
      { name: 'add address', method: 'POST', path: '/users/me/addresses', token: asCustomer, valid: shippingAddress },
    );
  });

  it('when fuzzed, then no endpoint answers 5xx and every refusal is problem+json', async () => {
    for (const endpoint of endpoints) {
      const valid = JSON.parse(JSON.stringify(endpoint.valid).replaceAll('PRODUCT', productId)) as Record<string, unknown>;
      await fc.assert(
        fc.asyncProperty(bodies(valid), async (body) => {
          const response = await api(endpoint.method, endpoint.path.replace('PRODUCT', productId), {
            ...(endpoint.token() ? { token: endpoint.token() } : {}),
            rawBody: JSON.stringify(body) ?? 'null',
            headers: { 'content-type': 'application/json', ...endpoint.headers?.() },
          });
          if (response.status >= 500) throw new Error(`${endpoint.name} answered ${response.status} to ${JSON.stringify(body).slice(0, 300)}: ${response.text.slice(0, 300)}`);
          if (response.status >= 400) {
            expect(response.headers.get('content-type')).toContain('application/problem+json');
            expect(response.body).toMatchObject({ type: expect.any(String), title: expect.any(String), status: response.status, detail: expect.any(String) });
          }
        }),
        { numRuns: 25, seed: 20261124 },
      );
    }
  }, 240_000);
});
