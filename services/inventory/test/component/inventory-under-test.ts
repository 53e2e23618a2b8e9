import { randomUUID } from 'node:crypto';
import { createDatabase, type Knex } from '@shop/service-kit';
import { anAdmin, componentDatabaseConfig, componentDatabaseUrl, httpCaller, type Call, type Identity } from '../../../../test/component-setup/harness';
import { inventoryConfigSchema } from '../../src/config';
import { createInventoryService, type InventoryService } from '../../src/service';
import { startCatalogForInventory, type CatalogForInventory } from './catalog-for-inventory';

export { aCustomer, anAdmin, type Answer, type CallOptions, type Identity } from '../../../../test/component-setup/harness';

export interface InventoryUnderTest {
  service: InventoryService;
  /** A separate connection, for asserting on the state the service wrote. */
  db: Knex;
  call: Call;
  /** The real catalog the service asks before it first stocks a product. */
  catalog: CatalogForInventory;
  stop(): Promise<void>;
}

/** How the checkout workflow calls: as the system, with no user. */
export const theSystem = (): Identity => ({ 'x-user-roles': 'system' });

export const databaseUrl = (): string => componentDatabaseUrl('inventory');

/**
 * The inventory service in-process on a free port, against the component environment's real Postgres, talking to a
 * daprd that reaches a real catalog. Each start brings its own catalog (stopped with it), unless the test file shares
 * one it started.
 */
export async function startInventory(env: Record<string, string> = {}, shared: { catalog?: CatalogForInventory } = {}): Promise<InventoryUnderTest> {
  const ownCatalog = shared.catalog ? undefined : await startCatalogForInventory();
  const catalog = shared.catalog ?? ownCatalog!;
  const settings = { SHUTDOWN_GRACE_MS: '500', SCHEDULE_JOBS: 'false', DAPR_HTTP_PORT: String(catalog.inventorySidecarPort), ...env };
  const service = createInventoryService(componentDatabaseConfig(inventoryConfigSchema, 'inventory', settings));
  try {
    await service.start();
  } catch (error) {
    await ownCatalog?.stop();
    throw error;
  }
  const db = createDatabase(databaseUrl(), { min: 0, max: 2 });
  const call = httpCaller(`http://127.0.0.1:${service.port()}`);
  return {
    service,
    db,
    call,
    catalog,
    stop: async () => {
      await db.destroy();
      await service.stop();
      await ownCatalog?.stop();
    },
  };
}

/** A new product of the catalog, stocked by an admin. */
export async function givenStock(inventory: InventoryUnderTest, stock: { onHand: number; lowStockThreshold?: number }): Promise<string> {
  const productId = await inventory.catalog.givenProduct();
  const answer = await inventory.call('PUT', `/inventory/${productId}`, { as: anAdmin(), body: stock });
  if (answer.status !== 200) throw new Error(`stocking ${productId} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  return productId;
}

export interface ReserveOptions {
  orderId?: string;
  ttlSeconds?: number;
}

export const reserve = (inventory: InventoryUnderTest, items: { productId: string; quantity: number }[], options: ReserveOptions = {}) =>
  inventory.call('POST', '/reservations', { as: theSystem(), body: { orderId: options.orderId ?? randomUUID(), items, ...options } });

export const commit = (inventory: InventoryUnderTest, orderId: string) =>
  inventory.call('POST', `/reservations/${orderId}/commit`, { as: theSystem() });

export const release = (inventory: InventoryUnderTest, orderId: string, reason = 'payment_declined') =>
  inventory.call('POST', `/reservations/${orderId}/release`, { as: theSystem(), body: { reason } });

export async function stockOf(inventory: InventoryUnderTest, productId: string) {
  const answer = await inventory.call('GET', `/inventory/${productId}`);
  if (answer.status !== 200) throw new Error(`reading stock of ${productId} answered ${answer.status}`);
  return answer.body as { productId: string; onHand: number; reserved: number; available: number; lowStockThreshold: number };
}

/** Outbox rows of one event type about one order or product (the CloudEvent subject). */
export const outboxRows = (inventory: InventoryUnderTest, type: string, subject: string) =>
  inventory.db('outbox').where({ type }).whereRaw(`event->>'subject' = ?`, [subject]).orderBy('created_at');
