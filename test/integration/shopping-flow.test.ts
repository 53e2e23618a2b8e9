import { api, eventually, loginAdmin, platform, registerAndLogin, uniqueEmail } from './support/platform';
import { expectResponsesAsDocumented } from './support/documented-responses';

interface ProbeDelivery {
  headers: Record<string, string>;
  event: { id: string; type: string; source: string; specversion: string; correlationid?: string; data: { userId: string; email: string; name: string } };
}

describe('through the gateway and real sidecars', () => {
  // Every response below, the helpers' included, must be as contracts/openapi/public.v1.yaml documents it.
  beforeAll(expectResponsesAsDocumented);

  it('when the platform is up, then the gateway is ready only because every service is (the checks on its operations port, a bare verdict on the public one)', async () => {
    const publicAnswer = await fetch(`${platform().gatewayUrl}/readyz`);
    const operations = await fetch(`http://127.0.0.1:${platform().apps.gateway!.opsPort}/readyz`);
    const body = (await operations.json()) as { checks: { name: string; ok: boolean }[] };

    expect(publicAnswer.status).toBe(200);
    expect(await publicAnswer.json()).toEqual({ status: 'ready' });
    expect(operations.status).toBe(200);
    expect(body.checks.map((check) => check.name).sort()).toEqual(['auth', 'cart', 'catalog', 'deadletters', 'inventory', 'notification', 'order', 'payment', 'rate-limits', 'shipping', 'sidecar', 'user']);
  });

  it('when an admin creates a category and a product, then anyone finds it by text and category', async () => {
    const admin = await loginAdmin();
    const word = `zq${Date.now().toString(36)}`;

    const category = await api<{ id: string }>('POST', '/categories', { token: admin, body: { name: `Mugs ${word}` } });
    const product = await api<{ id: string }>('POST', '/products', {
      token: admin,
      body: { sku: `MUG-${word}`, name: `Blue ${word} mug`, description: 'Stoneware, 350 ml', priceCents: 1299, currency: 'USD', categoryId: category.body.id },
    });
    const byText = await api<{ items: { id: string }[]; total: number }>('GET', `/products?q=${word.slice(0, -1)}`);
    const byCategory = await api<{ items: { id: string }[]; total: number }>('GET', `/products?categoryId=${category.body.id}&page=1&pageSize=5`);
    const byId = await api<{ id: string; priceCents: number }>('GET', `/products/${product.body.id}`);

    expect(category.status).toBe(201);
    expect(product.status).toBe(201);
    expect(byText.status).toBe(200);
    expect(byText.body.items.map((item) => item.id)).toEqual([product.body.id]);
    expect(byCategory.body).toMatchObject({ total: 1, page: 1, pageSize: 5 });
    expect(byId.body).toMatchObject({ id: product.body.id, priceCents: 1299 });
  });

  it('when an admin stocks an id the catalog does not sell, then 404 and nothing is stocked; a real product is stocked', async () => {
    const admin = await loginAdmin();
    const notAProduct = '00000000-0000-4000-8000-0000000000ab';
    const category = await api<{ id: string }>('POST', '/categories', { token: admin, body: { name: `Stocked ${Date.now().toString(36)}` } });
    const product = await api<{ id: string }>('POST', '/products', {
      token: admin,
      body: { sku: `STK-${Date.now().toString(36)}`, name: 'Stocked mug', priceCents: 900, currency: 'USD', categoryId: category.body.id },
    });

    const refused = await api<{ type: string }>('PUT', `/inventory/${notAProduct}`, { token: admin, body: { onHand: 5 } });
    const stocked = await api<{ onHand: number }>('PUT', `/inventory/${product.body.id}`, { token: admin, body: { onHand: 5 } });

    expect(refused.status).toBe(404);
    expect(refused.body.type).toBe('https://shop.local/problems/not-found');
    expect((await api<{ onHand: number }>('GET', `/inventory/${notAProduct}`)).body.onHand).toBe(0);
    expect(stocked.status).toBe(200);
    expect(stocked.body.onHand).toBe(5);
  });

  it('when a user registers, then user.registered arrives at a subscriber through the real broker', async () => {
    const email = uniqueEmail('event');
    const correlationId = `reg-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;

    const registered = await api<{ id: string }>('POST', '/auth/register', { body: { email, password: 'long enough secret', name: 'Eve Vent' }, headers: { 'x-correlation-id': correlationId } });
    const delivery = await eventually('the user.registered delivery', async () => {
      const received = (await (await fetch(`${platform().probeUrl}/received?type=user.registered`)).json()) as ProbeDelivery[];
      return received.find((item) => item.event.data.email === email);
    });

    expect(registered.status).toBe(201);
    expect(registered.headers.get('x-correlation-id')).toBe(correlationId);
    expect(delivery.event).toMatchObject({ specversion: '1.0', type: 'user.registered', source: 'auth', correlationid: correlationId });
    expect(delivery.headers['content-type']).toContain('application/cloudevents+json');
    expect(delivery.event.data).toMatchObject({ userId: registered.body.id, email, name: 'Eve Vent' });
  });

  it('when a refresh token is used twice, then 401 and the rotated token is revoked too', async () => {
    const user = await registerAndLogin('rotation');

    const first = await api<{ refreshToken: string }>('POST', '/auth/refresh', { body: { refreshToken: user.refreshToken } });
    const replay = await api('POST', '/auth/refresh', { body: { refreshToken: user.refreshToken } });
    const afterRevocation = await api('POST', '/auth/refresh', { body: { refreshToken: first.body.refreshToken } });

    expect(first.status).toBe(200);
    expect(replay.status).toBe(401);
    expect(afterRevocation.status).toBe(401);
  });
});
