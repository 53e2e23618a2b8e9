import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DaprSidecar } from '../../src/dapr/sidecar';

/**
 * daprd invokes a URL, a namespaced app or an HTTPEndpoint as readily as an app id, and Dapr 1.18 cannot be told not to:
 * the client composes invocations of the platform's apps only. The listener stands where the sidecar would be and
 * records whatever reaches it, so "refused" means "nothing was sent".
 */
describe('invoking another app (DaprSidecar.invoke): only plain app ids, only below /method/', () => {
  let server: Server;
  let sidecar: DaprSidecar;
  const received: string[] = [];

  beforeAll(async () => {
    server = createServer((request, response) => {
      received.push(`${request.method} ${request.url}`);
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    sidecar = new DaprSidecar('127.0.0.1', (server.address() as AddressInfo).port, 'the-api-token');
  });

  beforeEach(() => {
    received.length = 0;
  });

  afterAll(async () => {
    await sidecar.stop();
    await new Promise((resolve) => server.close(resolve));
  });

  it.each([
    'http://127.0.0.1:19090',
    'https://example.test',
    'http%3A%2F%2F127.0.0.1%3A12526',
    'http:',
    'auth.default',
    'Auth',
    '../metadata',
    '-auth',
    'auth/method/x',
    '',
  ])('when the app id is %j, then the call is refused and nothing reaches the sidecar', async (appId) => {
    const call = sidecar.invoke(appId, { path: 'anything' });

    await expect(call).rejects.toMatchObject({ status: 500, detail: expect.stringContaining('not a plain app id') });
    expect(received).toEqual([]);
  });

  it.each([
    ['dapr-app-id', 'http://127.0.0.1:19090'],
    ['Dapr-App-Id', 'auth'],
    ['authorization', `Basic ${Buffer.from('dapr-app-id:http://127.0.0.1:19090').toString('base64')}`],
  ])('when the request carries a %s header, then the call is refused (the sidecar would take its target from it)', async (name, value) => {
    const call = sidecar.invoke('catalog', { path: 'products', headers: { [name]: value } });

    await expect(call).rejects.toMatchObject({ status: 500, detail: expect.stringContaining('would choose another target') });
    expect(received).toEqual([]);
  });

  it.each(['../../metadata', '%2e%2e/%2E%2E/v1.0/metadata', 'products/.%2e/.%2e/.%2e/x', 'a/../../b'])(
    'when the path %j would climb out of the method, then the call is refused and nothing is sent',
    async (path) => {
      const call = sidecar.invoke('catalog', { path });

      await expect(call).rejects.toMatchObject({ status: 500, detail: expect.stringContaining('the path leaves /v1.0/invoke/catalog/method/') });
      expect(received).toEqual([]);
    },
  );

  it('when the app id is plain and the path stays below the method, then the call goes to the invoke API with the token', async () => {
    const response = await sidecar.invoke('order-2', { method: 'POST', path: 'orders/x/cancel', query: 'a=1' });

    expect(response.status).toBe(200);
    expect(received).toEqual(['POST /v1.0/invoke/order-2/method/orders/x/cancel?a=1']);
  });
});
