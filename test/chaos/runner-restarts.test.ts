import { readFileSync } from 'node:fs';
import path from 'node:path';
import { api, chaos, eventually, platform } from '../integration/support/platform';

/** The runner's own log of what it restarted (JSON lines); none before the first restart. */
function supervisorEvents(): { event: string; unit: string }[] {
  try {
    return readFileSync(path.join(platform().runtimeDir, 'logs', 'supervisor.log'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { event: string; unit: string });
  } catch {
    return [];
  }
}

describe('the runner restarts what crashes', () => {
  it('when an app and its sidecar are killed with SIGKILL, then the runner starts both again and the gateway serves their routes', async () => {
    const before = supervisorEvents().length;

    await chaos('crash', 'catalog', 'app');
    await chaos('crash', 'catalog', 'sidecar');

    const products = await eventually('the catalog through the gateway again', async () => {
      const response = await api('GET', '/products?page=1&pageSize=1');
      return response.status === 200 ? response : undefined;
    }, 90_000);
    const restarted = supervisorEvents().slice(before).filter((e) => e.event === 'restarted').map((e) => e.unit);
    expect(products.status).toBe(200);
    expect(restarted).toEqual(expect.arrayContaining(['catalog', 'catalog-daprd']));
  }, 120_000);
});

