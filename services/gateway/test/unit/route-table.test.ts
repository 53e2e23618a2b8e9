import { requiresUser, resolveRoute } from '../../src/domain/route-table';

describe('route table', () => {
  it('when a path is under a known area, then it resolves to the owning app without the API prefix', () => {
    const resolved = resolveRoute('/api/v1/products/42');

    expect(resolved?.route.appId).toBe('catalog');
    expect(resolved?.upstreamPath).toBe('products/42');
  });

  it('when the path names an unknown area or lies outside the API, then nothing resolves', () => {
    expect(resolveRoute('/api/v1/admin/users')).toBeUndefined();
    expect(resolveRoute('/internal/products')).toBeUndefined();
    expect(resolveRoute('/api/v2/products')).toBeUndefined();
  });

  it('when a path tries to climb out of its area with dot segments, then nothing resolves', () => {
    expect(resolveRoute('/api/v1/products/../auth/jwks.json')).toBeUndefined();
    expect(resolveRoute('/api/v1/products/./42')).toBeUndefined();
  });

  it('when the path repeats slashes, then they collapse instead of reaching another route', () => {
    expect(resolveRoute('/api/v1/products//42')?.upstreamPath).toBe('products/42');
  });

  it('when an anonymous caller reads the catalog, then no user is required, but writing needs one', () => {
    const products = resolveRoute('/api/v1/products')!.route;

    expect(requiresUser(products, 'GET')).toBe(false);
    expect(requiresUser(products, 'post')).toBe(true);
    expect(requiresUser(products, 'DELETE')).toBe(true);
  });

  it('when the area is auth, then every method is allowed anonymously (the service checks logout itself)', () => {
    const auth = resolveRoute('/api/v1/auth/login')!.route;

    expect(requiresUser(auth, 'POST')).toBe(false);
  });
});
