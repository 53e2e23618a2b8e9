import { startCatalog, type CatalogUnderTest } from './catalog-under-test';

let catalog: CatalogUnderTest;

beforeAll(async () => {
  catalog = await startCatalog();
});

afterAll(async () => {
  await catalog.stop();
});

describe('operations', () => {
  it('when the database and the sidecar answer, then the service is ready and says which checks it ran', async () => {
    const ready = await catalog.call('GET', '/readyz');

    expect(ready.status).toBe(200);
    expect(ready.body.checks.map((check: { name: string; ok: boolean }) => [check.name, check.ok])).toEqual([
      ['database', true],
      ['sidecar', true],
    ]);
  });

  it('when the service is stopped, then it no longer accepts connections', async () => {
    const short = await startCatalog();
    const port = short.service.port();

    await short.stop();

    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
  });
});
