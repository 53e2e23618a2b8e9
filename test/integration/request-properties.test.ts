import fc from 'fast-check';
import { publicApi } from '../support/openapi-validator';
import { api, eventually, registerAndLogin, uniqueEmail } from './support/platform';
import { admin, deadLetterIdOf, placeOrder, publishPoisonRegistration, settled, shippingAddress, stockedProduct } from './support/shop';

/**
 * Property: for ANY body, a write endpoint answers below 500, every refusal is RFC 9457 problem+json whose `status` is
 * the HTTP status, and every answer (2xx and refusals alike) is one contracts/openapi/public.v1.yaml documents for the
 * operation: status, content type, required headers and body schema. Bodies mix arbitrary JSON with near-valid ones
 * (right keys, wrong or extreme values), which reach deeper into validation and the database than random noise does.
 * Endpoints that take no body get arbitrary JSON too: they must ignore it or refuse it as documented. Text includes what
 * Postgres cannot store (NUL; UTF-16 surrogates that pair with nothing, which JSON carries as "\ud800"), on its own and
 * slipped into an otherwise valid value, nested ones included: those pass every other rule and would reach the database.
 */
const unstorableChar = fc.constantFrom('\u0000', '\uD800', '\uDBFF', '\uDC00', '\uDFFF');
const unstorableText = fc.string({ unit: fc.oneof({ arbitrary: unstorableChar, weight: 1 }, { arbitrary: fc.string({ minLength: 1, maxLength: 1 }), weight: 3 }), minLength: 1, maxLength: 40 });
const spoiled = (text: string) => fc.tuple(fc.nat({ max: text.length }), unstorableChar).map(([at, char]) => text.slice(0, at) + char + text.slice(at));
const weird = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double(),
  fc.constantFrom(-1, 0, 2 ** 31, Number.MAX_SAFE_INTEGER, 1e308),
  fc.string(),
  unstorableText,
  fc.constantFrom('', ' ', "'; drop table orders; --", '\u0000', '\uD800', 'a\uDC00b', 'x'.repeat(5_000), '00000000-0000-4000-8000-000000000000', '{}', '<script>'),
  fc.array(fc.anything(), { maxLength: 3 }),
  fc.object({ maxDepth: 2 }),
);
const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const nearValue = (value: unknown): fc.Arbitrary<unknown> => {
  if (typeof value === 'string') return fc.oneof(fc.constant(value), spoiled(value), weird);
  if (isRecord(value)) return fc.oneof(nearValid(value), weird);
  if (Array.isArray(value)) return fc.oneof(fc.tuple(...value.map(nearValue)), weird);
  return fc.oneof(fc.constant(value), weird);
};
const nearValid = (valid: Record<string, unknown>): fc.Arbitrary<Record<string, unknown>> =>
  fc.record(Object.fromEntries(Object.entries(valid).map(([key, value]) => [key, nearValue(value)])), { requiredKeys: [] });
const bodies = (valid: Record<string, unknown>) => fc.oneof(fc.anything(), nearValid(valid));

interface Endpoint {
  name: string;
  method: string;
  /** May name ids made in beforeAll (PRODUCT, CATEGORY, ADDRESS, DEAD_LETTER…); they are filled in before the run. */
  path: string;
  token: () => string;
  /** A body the endpoint accepts: run first, so the 2xx answer is held against the document too. */
  valid: Record<string, unknown>;
  headers?: () => Record<string, string>;
  /** Puts the state back that the endpoint's first success needs (a line in the cart). */
  arrange?: () => Promise<unknown>;
}

describe('every write endpoint, for any body', () => {
  const ids: Record<string, string> = {};
  const endpoints: Endpoint[] = [];

  beforeAll(async () => {
    const fuzzer = await registerAndLogin('fuzz');
    const customer = fuzzer.accessToken;
    const adminToken = await admin();
    // A second session of the same customer, for refresh to rotate (and the fuzz to revoke) without touching the first.
    const secondSession = await api<{ refreshToken: string }>('POST', '/auth/login', { body: { email: fuzzer.email, password: fuzzer.password } });
    // Two dead letters (poison events the user service drops): one to replay, one to discard.
    const poison = await Promise.all([publishPoisonRegistration(), publishPoisonRegistration()]);
    const [product, doomed, category] = await Promise.all([
      stockedProduct(50),
      stockedProduct(1),
      api<{ id: string }>('POST', '/categories', { token: adminToken, body: { name: `Fuzz ${Date.now()}` } }),
    ]);
    const addresses = await Promise.all([1, 2].map(() => api<{ id: string }>('POST', '/users/me/addresses', { token: customer, body: shippingAddress })));
    const [declined, confirmed] = await Promise.all([
      placeOrder(customer, [{ productId: product.id, quantity: 1 }], 'tok_chargeDeclined'),
      placeOrder(customer, [{ productId: product.id, quantity: 1 }], 'tok_visa'),
    ]);
    await settled(customer, confirmed.body.id);
    const shipment = await eventually('the shipment of the confirmed order', async () => (await api<{ id: string }[]>('GET', `/shipments?orderId=${confirmed.body.id}`, { token: customer })).body[0]);
    const [deadLetter, doomedDeadLetter] = await Promise.all(poison.map((eventId) => deadLetterIdOf(eventId)));
    Object.assign(ids, {
      PRODUCT: product.id,
      DOOMED_PRODUCT: doomed.id,
      CATEGORY: category.body.id,
      ADDRESS: addresses[0]!.body.id,
      DOOMED_ADDRESS: addresses[1]!.body.id,
      ORDER: declined.body.id,
      SHIPMENT: shipment.id,
      DEAD_LETTER: deadLetter,
      DOOMED_DEAD_LETTER: doomedDeadLetter,
    });

    const anyone = () => '';
    const asCustomer = () => customer;
    const asAdmin = () => adminToken;
    const key = () => ({ 'idempotency-key': `fuzz-${Math.random().toString(36).slice(2)}` });
    const lineInCart = () => api('POST', '/cart/items', { token: customer, body: { productId: product.id, quantity: 1 } });
    const unique = Date.now().toString(36);
    endpoints.push(
      { name: 'register', method: 'POST', path: '/auth/register', token: anyone, valid: { email: uniqueEmail('fuzz-register'), password: 'long enough secret', name: 'F' } },
      { name: 'login', method: 'POST', path: '/auth/login', token: anyone, valid: { email: fuzzer.email, password: fuzzer.password } },
      { name: 'refresh', method: 'POST', path: '/auth/refresh', token: anyone, valid: { refreshToken: secondSession.body.refreshToken } },
      { name: 'create category', method: 'POST', path: '/categories', token: asAdmin, valid: { name: `Fuzz ${unique}` } },
      { name: 'create product', method: 'POST', path: '/products', token: asAdmin, valid: { sku: `FUZZ-${unique}`, name: 'F', description: 'd', priceCents: 100, currency: 'USD', categoryId: 'CATEGORY' } },
      { name: 'patch product', method: 'PATCH', path: '/products/PRODUCT', token: asAdmin, valid: { priceCents: 120 } },
      { name: 'set stock', method: 'PUT', path: '/inventory/PRODUCT', token: asAdmin, valid: { onHand: 50 } },
      { name: 'place order', method: 'POST', path: '/orders', token: asCustomer, headers: key, valid: { items: [{ productId: 'PRODUCT', quantity: 1 }], shippingAddress, paymentToken: 'tok_chargeDeclined' } },
      { name: 'add to cart', method: 'POST', path: '/cart/items', token: asCustomer, valid: { productId: 'PRODUCT', quantity: 1 } },
      { name: 'change cart line', method: 'PATCH', path: '/cart/items/PRODUCT', token: asCustomer, valid: { quantity: 2 }, arrange: lineInCart },
      { name: 'checkout', method: 'POST', path: '/cart/checkout', token: asCustomer, headers: key, valid: { shippingAddress, paymentToken: 'tok_chargeDeclined' }, arrange: lineInCart },
      { name: 'remove cart line', method: 'DELETE', path: '/cart/items/PRODUCT', token: asCustomer, valid: {}, arrange: lineInCart },
      { name: 'empty cart', method: 'DELETE', path: '/cart', token: asCustomer, valid: {}, arrange: lineInCart },
      { name: 'patch profile', method: 'PATCH', path: '/users/me', token: asCustomer, valid: { name: 'Fuzzy', phone: '+15555550100' } },
      { name: 'add address', method: 'POST', path: '/users/me/addresses', token: asCustomer, valid: shippingAddress },
      { name: 'change address', method: 'PATCH', path: '/users/me/addresses/ADDRESS', token: asCustomer, valid: { city: 'Shelbyville', line2: '' } },
      { name: 'remove address', method: 'DELETE', path: '/users/me/addresses/DOOMED_ADDRESS', token: asCustomer, valid: {} },
      { name: 'cancel order', method: 'POST', path: '/orders/ORDER/cancel', token: asCustomer, valid: {} },
      { name: 'deliver shipment', method: 'POST', path: '/shipments/SHIPMENT/deliver', token: asAdmin, valid: {} },
      { name: 'delete product', method: 'DELETE', path: '/products/DOOMED_PRODUCT', token: asAdmin, valid: {} },
      { name: 'logout', method: 'POST', path: '/auth/logout', token: asCustomer, valid: { refreshToken: 'not-a-session-of-this-user' } },
      // Each replay publishes the poison event again; the user service drops it again and the office counts it.
      { name: 'replay dead letter', method: 'POST', path: '/dead-letters/DEAD_LETTER/replay', token: asAdmin, valid: {} },
      { name: 'discard dead letter', method: 'POST', path: '/dead-letters/DOOMED_DEAD_LETTER/discard', token: asAdmin, valid: {} },
    );
  }, 120_000);

  it('when fuzzed, then no endpoint answers 5xx, every refusal is problem+json and every answer is as the OpenAPI document says', async () => {
    const document = publicApi();
    const withIds = (text: string) => text.replace(/\b(PRODUCT|DOOMED_PRODUCT|CATEGORY|ADDRESS|DOOMED_ADDRESS|ORDER|SHIPMENT|DEAD_LETTER|DOOMED_DEAD_LETTER)\b/g, (name) => ids[name]!);
    const statuses = new Map<string, number[]>();

    for (const endpoint of endpoints) {
      const valid = JSON.parse(withIds(JSON.stringify(endpoint.valid))) as Record<string, unknown>;
      const path = withIds(endpoint.path);
      const seen: number[] = [];
      statuses.set(endpoint.name, seen);
      await endpoint.arrange?.();
      await fc.assert(
        // Shrinking is bounded: every try is a request through the platform (a login costs a password hash).
        fc.asyncProperty(fc.limitShrink(bodies(valid), 20), async (body) => {
          const response = await api(endpoint.method, path, {
            ...(endpoint.token() ? { token: endpoint.token() } : {}),
            rawBody: JSON.stringify(body) ?? 'null',
            headers: { 'content-type': 'application/json', ...endpoint.headers?.() },
          });
          seen.push(response.status);
          if (response.status >= 500) throw new Error(`${endpoint.name} answered ${response.status} to ${JSON.stringify(body).slice(0, 300)}: ${response.text.slice(0, 300)}`);
          if (response.status >= 400) {
            expect(response.headers.get('content-type')).toContain('application/problem+json');
            expect(response.body).toMatchObject({ type: expect.any(String), title: expect.any(String), status: response.status, detail: expect.any(String) });
          }
          document.assertResponse({ method: endpoint.method, path, status: response.status, headers: response.headers, body: response.body });
        }),
        { numRuns: 25, seed: 20261124, examples: [[valid]] },
      );
    }

    // The valid body comes first; if it was refused, the endpoint's 2xx answer was never held against the document.
    const validRefused = [...statuses].filter(([, seen]) => !(seen[0]! >= 200 && seen[0]! < 300)).map(([name, seen]) => `${name}: ${seen[0]}`);
    // And every write operation the document describes is among those fuzzed, so a new one cannot be forgotten here.
    const fuzzed = endpoints.map((endpoint) => `${endpoint.method} ${document.templateOf(withIds(endpoint.path))}`);
    const writes = document.operations().filter((operation) => operation.method !== 'GET').map((operation) => `${operation.method} ${operation.path}`);
    expect(validRefused).toEqual([]);
    expect(fuzzed.sort()).toEqual(writes.sort());
  }, 360_000);
});
