import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DaprSidecar } from '../../src/dapr/sidecar';

/** A stand-in for the sidecar's invoke API that answers what the test scripts; the mapping under test is ours. */
describe('invoking an internal JSON operation (DaprSidecar.invokeJson)', () => {
  let server: Server;
  let sidecar: DaprSidecar;
  let answer: { status: number; contentType: string; body: string };
  const received: { method: string; url: string; body: string }[] = [];

  beforeAll(async () => {
    server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      request.on('end', () => {
        received.push({ method: request.method ?? '', url: request.url ?? '', body });
        response.writeHead(answer.status, { 'content-type': answer.contentType });
        response.end(answer.body);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    sidecar = new DaprSidecar('127.0.0.1', (server.address() as AddressInfo).port);
  });

  afterAll(async () => {
    await sidecar.stop();
    await new Promise((resolve) => server.close(resolve));
  });

  const problem = (status: number, detail: string) => ({ status, contentType: 'application/problem+json', body: JSON.stringify({ status, detail }) });

  it('when the callee answers 200, then its JSON is returned and the body went as JSON to the app through the invoke API', async () => {
    answer = { status: 200, contentType: 'application/json', body: JSON.stringify({ products: [], missing: ['x'] }) };

    const result = await sidecar.invokeJson('catalog', { method: 'POST', path: 'product-lookup', body: { ids: ['x'] } });

    expect(result).toEqual({ products: [], missing: ['x'] });
    expect(received.at(-1)).toEqual({ method: 'POST', url: '/v1.0/invoke/catalog/method/product-lookup', body: '{"ids":["x"]}' });
  });

  it.each([
    [404, 502, 'https://shop.local/problems/bad-gateway'],
    [413, 502, 'https://shop.local/problems/bad-gateway'],
    [500, 502, 'https://shop.local/problems/bad-gateway'],
    [503, 503, 'https://shop.local/problems/unavailable'],
    [504, 504, 'https://shop.local/problems/timeout'],
  ])('when the callee answers %i, then the caller fails with %i naming the callee and its detail', async (status, expected, type) => {
    answer = problem(status, 'the reason the callee gave');

    const call = sidecar.invokeJson('catalog', { method: 'POST', path: 'product-lookup', body: { ids: [] } });

    await expect(call).rejects.toMatchObject({ status: expected, type, detail: `catalog answered ${status}: the reason the callee gave` });
  });

  it('when the sidecar itself refuses with its own error body, then the caller fails with 502 quoting it', async () => {
    answer = { status: 403, contentType: 'application/json', body: '{"errorCode":"ERR_DIRECT_INVOKE","message":"access control policy has denied access"}' };

    const call = sidecar.invokeJson('catalog', { method: 'POST', path: 'product-lookup', body: { ids: [] } });

    await expect(call).rejects.toMatchObject({ status: 502, detail: expect.stringContaining('catalog answered 403: {"errorCode":"ERR_DIRECT_INVOKE"') });
  });
});
