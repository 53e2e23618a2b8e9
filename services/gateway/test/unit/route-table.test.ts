import fc from 'fast-check';
import { matchRoute, ROUTES, routeAreas, type RouteMatch } from '../../src/domain/route-table';

const ORDER_ID = '0b0b0b0b-0000-4000-8000-000000000000';
const upstreamOf = (match: RouteMatch) => (match.kind === 'route' ? `${match.route.appId} ${match.upstreamPath}` : match.kind);

/** Every path the table can forward to, as a pattern: literal segments, and one unreserved-character segment per parameter. */
const ALLOWED_UPSTREAM = ROUTES.map((route) => ({
  appId: route.appId,
  pattern: new RegExp(`^${route.template.split('/').map((part) => (part.startsWith('{') ? '[A-Za-z0-9._~-]+' : part.replace(/\./g, '\\.'))).join('/')}$`),
}));
const isAllowedForward = (appId: string, upstreamPath: string) =>
  ALLOWED_UPSTREAM.some((allowed) => allowed.appId === appId && allowed.pattern.test(upstreamPath)) &&
  upstreamPath.split('/').every((segment) => segment !== '.' && segment !== '..');

describe('the gateway route table', () => {
  it('when a documented operation is called, then it goes to the app the table names, at the path the table composes', () => {
    expect(upstreamOf(matchRoute('/api/v1/products/42', 'GET'))).toBe('catalog products/42');
    expect(upstreamOf(matchRoute(`/api/v1/orders/${ORDER_ID}/cancel`, 'POST'))).toBe(`order orders/${ORDER_ID}/cancel`);
    expect(upstreamOf(matchRoute('/api/v1/auth/jwks.json', 'GET'))).toBe('auth auth/jwks.json');
    expect(upstreamOf(matchRoute('/api/v1/products/42', 'HEAD'))).toBe('catalog products/42');
  });

  it('when a parameter is percent-encoded needlessly, then it is forwarded in its one plain spelling', () => {
    expect(upstreamOf(matchRoute('/api/v1/products/%34%32', 'GET'))).toBe('catalog products/42');
  });

  it('when the path names no documented operation, or lies outside the API, then nothing matches', () => {
    for (const [path, method] of [
      ['/api/v1/admin/users', 'GET'],
      ['/internal/products', 'GET'],
      ['/api/v2/products', 'GET'],
      ['/api/v1/products/42/extra', 'GET'],
      ['/api/v1/users/me/addresses/1/2', 'DELETE'],
      ['/api/v1/Products', 'GET'],
      ['http://127.0.0.1:3500/api/v1/products', 'GET'],
    ] as const) {
      expect({ path, match: matchRoute(path, method).kind }).toEqual({ path, match: 'none' });
    }
  });

  it('when a client tries an internal endpoint such as a charge, a reservation or the product lookup, then nothing matches', () => {
    for (const path of ['/api/v1/payments/charges', '/api/v1/payments/refunds', '/api/v1/reservations', '/api/v1/product-lookup', '/api/v1/job/order-maintenance']) {
      expect({ path, match: matchRoute(path, 'POST').kind }).toEqual({ path, match: 'none' });
    }
  });

  it('when a method no operation of the path uses is asked for, then nothing matches (the service never sees it)', () => {
    expect(matchRoute('/api/v1/auth/login', 'PUT').kind).toBe('none');
    expect(matchRoute('/api/v1/auth/login', 'GET').kind).toBe('none');
    expect(matchRoute('/api/v1/categories/42', 'DELETE').kind).toBe('none');
    expect(matchRoute('/api/v1/products/42', 'PUT').kind).toBe('none');
    expect(matchRoute('/api/v1/payments', 'POST').kind).toBe('none');
    expect(matchRoute('/api/v1/products/42', 'OPTIONS').kind).toBe('none');
  });

  it.each([
    ['a dot-dot segment', '/api/v1/products/../auth/jwks.json'],
    ['a dot segment', '/api/v1/products/./42'],
    ['an encoded dot-dot', '/api/v1/products/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/v1.0/metadata'],
    ['a half-encoded dot-dot', '/api/v1/products/.%2e/v1.0/metadata'],
    ['an upper-case encoded dot-dot', '/api/v1/products/%2E%2E/v1.0/metadata'],
    ['an encoded slash inside a segment', '/api/v1/products/..%2f..%2fv1.0%2fmetadata'],
    ['an encoded backslash inside a segment', '/api/v1/products/..%5c..%5cv1.0'],
    ['a raw backslash', '/api/v1/products/..\\..\\v1.0'],
    ['a double slash', '/api/v1/products//42'],
    ['a trailing slash', '/api/v1/products/'],
    ['an encoded NUL', '/api/v1/orders/%00'],
    ['an encoded CRLF', '/api/v1/orders/%0d%0aX-Injected:%201'],
    ['a raw control character', '/api/v1/orders/\u0001'],
    ['a double-encoded dot-dot', '/api/v1/products/%252e%252e/v1.0/metadata'],
    ['a broken escape', '/api/v1/products/%zz'],
    ['a truncated escape', '/api/v1/products/%e'],
    ['an overlong UTF-8 dot', '/api/v1/products/%c0%ae%c0%ae/v1.0/metadata'],
    ['raw non-ASCII', '/api/v1/products/\u00e9'],
  ])('when the path holds %s, then it is refused as malformed before anything is forwarded', (_what, path) => {
    expect(matchRoute(path, 'GET').kind).toBe('malformed');
  });

  it('when a parameter decodes to something outside the unreserved characters, then nothing matches', () => {
    expect(matchRoute('/api/v1/products/a%20b', 'GET').kind).toBe('none');
    expect(matchRoute('/api/v1/products/a%3Fb', 'GET').kind).toBe('none');
    expect(matchRoute('/api/v1/products/%C3%A9', 'GET').kind).toBe('none');
    expect(matchRoute(`/api/v1/products/${'a'.repeat(201)}`, 'GET').kind).toBe('none');
  });

  it('when an anonymous caller may use an operation, then the table says so, and only for reads and the auth entry points', () => {
    const anonymous = ROUTES.filter((route) => route.anonymous).map((route) => `${route.method} ${route.template}`);

    expect(anonymous.sort()).toEqual(['GET auth/jwks.json', 'GET categories', 'GET categories/{id}', 'GET inventory/{productId}', 'GET products', 'GET products/{id}', 'POST auth/login', 'POST auth/refresh', 'POST auth/register']);
  });

  it('when the table is folded into areas, then each area belongs to one app, with HEAD beside every GET', () => {
    const products = routeAreas().find((area) => area.area === 'products')!;

    expect(products.appId).toBe('catalog');
    expect([...products.methods].sort()).toEqual(['DELETE', 'GET', 'HEAD', 'PATCH', 'POST']);
  });

  describe('property: whatever a client sends, only an allowed operation is ever forwarded', () => {
    const dot = fc.constantFrom('.', '%2e', '%2E');
    const dotDot = fc.tuple(dot, dot).map(([a, b]) => a + b);
    const separator = fc.constantFrom('/', '%2f', '%2F', '%5c', '%5C', '\\', '//', '%252f', '%00', '%0a', '%0d%0a', ';', '%3b', '?', '#');
    const target = fc.constantFrom('v1.0/metadata', 'v1.0/publish/pubsub/order.created', 'v1.0/invoke/http://127.0.0.1:9090/method/api/v1/query', 'v1.0/state/statestore/x', 'v1.0/secrets/secretstore/jwt', 'v1.0-beta1/workflows/dapr/checkout/start', 'payments/charges', 'reservations', 'job/order-maintenance', 'healthz', 'metrics');
    const area = fc.constantFrom(...new Set(ROUTES.map((route) => route.template.split('/')[0]!)));
    const climb = fc.array(fc.tuple(fc.oneof(dotDot, dot, fc.constant('..')), separator).map(([step, sep]) => step + sep), { minLength: 1, maxLength: 7 });
    const traversal = fc.tuple(area, separator, climb, target).map(([first, sep, steps, rest]) => `/api/v1/${first}${sep}${steps.join('')}${rest}`);
    const anyPath = fc.oneof(traversal, fc.string({ unit: 'binary', maxLength: 60 }).map((tail) => `/api/v1/${tail}`), fc.webPath().map((p) => `/api/v1${p}`));
    const method = fc.constantFrom('GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'TRACE', 'CONNECT');

    /** Holds when no path of `paths`, with any method, makes the table forward outside an allowed operation. */
    const neverForwardsOutside = (paths: fc.Arbitrary<string>) =>
      fc.assert(
        fc.property(paths, method, (path, verb) => {
          const match = matchRoute(path, verb);
          return match.kind !== 'route' || isAllowedForward(match.route.appId, match.upstreamPath);
        }),
        { numRuns: 5_000 },
      );

    it('when a traversal in any spelling is tried, then it is refused or lands on an allowed operation, never outside', () => {
      neverForwardsOutside(traversal);
    });

    it('when any path at all is sent, then what is forwarded matches an allowed operation of the app the table names', () => {
      neverForwardsOutside(anyPath);
    });
  });
});
