import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { anAdmin } from '../../../../test/component-setup/harness';
import { startOwnSidecar, type OwnSidecar } from '../../../../test/component-setup/own-sidecar';
import { givenCategory, givenProduct, startCatalog, type CatalogUnderTest } from '../../../catalog/test/component/catalog-under-test';

/**
 * The catalog inventory asks before it first stocks a product, as inventory reaches it on the platform: the real
 * catalog service in-process against its own component database, behind a real daprd with app id `catalog`, and a
 * daprd for inventory that shares its name resolution, so the lookup crosses both sidecars by invocation. Without
 * sentry there is no mTLS, so no access control either: the security suite checks those on the whole platform.
 */
export interface CatalogForInventory {
  /** The daprd inventory talks to (its DAPR_HTTP_PORT): it invokes `catalog`. */
  inventorySidecarPort: number;
  /** Where these sidecars find each other: another daprd of the test configured with it can invoke `catalog` too. */
  nameResolutionDb: string;
  /** A new product in the catalog (its id). */
  givenProduct(): Promise<string>;
  /** Deletes a product from the catalog (soft delete, as an admin does). */
  deleteProduct(productId: string): Promise<void>;
  stop(): Promise<void>;
}

export async function startCatalogForInventory(): Promise<CatalogForInventory> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'inventory-catalog-'));
  const nameResolutionDb = path.join(dir, 'name-resolution.db');
  const started: { catalog?: CatalogUnderTest; sidecars: OwnSidecar[] } = { sidecars: [] };
  const stop = async () => {
    for (const sidecar of started.sidecars.reverse()) await sidecar.stop();
    await started.catalog?.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const catalog = (started.catalog = await startCatalog());
    started.sidecars.push(await startOwnSidecar({ appId: 'catalog', appPort: catalog.service.port(), nameResolutionDb }));
    const inventorySidecar = await startOwnSidecar({ appId: 'inventory', nameResolutionDb });
    started.sidecars.push(inventorySidecar);
    const category = await givenCategory(catalog);
    return {
      inventorySidecarPort: inventorySidecar.httpPort,
      nameResolutionDb,
      givenProduct: async () => (await givenProduct(catalog, category.id)).id,
      deleteProduct: async (productId) => {
        const answer = await catalog.call('DELETE', `/products/${productId}`, { as: anAdmin() });
        if (answer.status !== 204) throw new Error(`deleting ${productId} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
