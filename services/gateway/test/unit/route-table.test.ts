import { requiresUser, resolveRoute } from '../../src/domain/route-table';

describe('route table', () => {
  it('when a path is under a known area, then it resolves to the owning app without the API prefix', () => {
    const resolved = resolveRoute('/api/v1/products/42', 'GET');

    expect(resolved?.route.appId).toBe('catalog');
    expect(resolved?.upstreamPath).toBe('products/42');
  });

  it('when the path names an unknown area or lies outside the API, then nothing resolves', () => {
    expect(resolveRoute('/api/v1/admin/users', 'GET')).toBeUndefined();
    expect(resolveRoute('/internal/products', 'GET')).toBeUndefined();
    expect(resolveRoute('/api/v2/products', 'GET')).toBeUndefined();
  });

  it('when a path tries to climb out of its area with dot segments, then nothing resolves', () => {
    expect(resolveRoute('/api/v1/products/../auth/jwks.json', 'GET')).toBeUndefined();
    expect(resolveRoute('/api/v1/products/./42', 'GET')).toBeUndefined();
  });

  it('when the path repeats slashes, then they collapse instead of reaching another route', () => {
    expect(resolveRoute('/api/v1/products//42', 'GET')?.upstreamPath).toBe('products/42');
  });

  it('when an anonymous caller reads the catalog, then no user is required, but writing needs one', () => {
    const products = resolveRoute('/api/v1/products', 'GET')!.route;

    expect(requiresUser(products, 'GET')).toBe(false);
    expect(requiresUser(products, 'post')).toBe(true);
    expect(requiresUser(products, 'DELETE')).toBe(true);
  });

  it('when a client tries an internal endpoint such as a charge, a reservation or the product lookup, then nothing resolves', () => {
    expect(resolveRoute('/api/v1/payments/charges', 'POST')).toBeUndefined();
    expect(resolveRoute('/api/v1/payments/refunds', 'POST')).toBeUndefined();
    expect(resolveRoute('/api/v1/reservations', 'POST')).toBeUndefined();
    expect(resolveRoute('/api/v1/product-lookup', 'POST')).toBeUndefined();
    expect(resolveRoute('/api/v1/job/order-maintenance', 'POST')).toBeUndefined();
    expect(resolveRoute('/api/v1/payments', 'GET')?.route.appId).toBe('payment');
  });

  it('when an order is placed or cancelled, then it goes to the order app and needs a user', () => {
    const cancel = resolveRoute('/api/v1/orders/0b0b0b0b-0000-4000-8000-000000000000/cancel', 'POST')!;

    expect(cancel.route.appId).toBe('order');
    expect(requiresUser(cancel.route, 'POST')).toBe(true);
    expect(requiresUser(resolveRoute('/api/v1/orders', 'GET')!.route, 'GET')).toBe(true);
  });

  it('when the area is auth, then every method it offers is allowed anonymously (the service checks logout itself)', () => {
    const auth = resolveRoute('/api/v1/auth/login', 'POST')!.route;

    expect(requiresUser(auth, 'POST')).toBe(false);
    expect(requiresUser(auth, 'GET')).toBe(false);
  });

  it('when a method no public operation of the area uses is asked for, then nothing resolves (the service never sees it)', () => {
    expect(resolveRoute('/api/v1/auth/login', 'PUT')).toBeUndefined();
    expect(resolveRoute('/api/v1/categories/42', 'DELETE')).toBeUndefined();
    expect(resolveRoute('/api/v1/products/42', 'PUT')).toBeUndefined();
    expect(resolveRoute('/api/v1/products/42', 'PATCH')?.route.appId).toBe('catalog');
  });
});
