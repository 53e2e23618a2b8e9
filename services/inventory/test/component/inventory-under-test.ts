import { randomUUID } from 'node:crypto';
import { createDatabase, loadConfig, type Knex } from '@shop/service-kit';
import { inventoryConfigSchema } from '../../src/config';
import { createInventoryService, type InventoryService } from '../../src/service';

export type Identity = Record<string, string>;

export interface Answer {
  status: number;
  headers: Headers;
  /** The parsed JSON answer; each test asserts its shape. */
  body: any;
}

export interface CallOptions {
  as?: Identity;
  body?: unknown;
}

export interface InventoryUnderTest {
  service: InventoryService;
  /** A separate connection, for asserting on the state the service wrote. */
  db: Knex;
  call(method: string, path: string, options?: CallOptions): Promise<Answer>;
  stop(): Promise<void>;
}

export const anAdmin = (): Identity => ({ 'x-user-id': randomUUID(), 'x-user-roles': 'admin' });
export const aCustomer = (): Identity => ({ 'x-user-id': randomUUID(), 'x-user-roles': 'customer' });
/** How the checkout workflow calls: as the system, with no user. */
export const theSystem = (): Identity => ({ 'x-user-roles': 'system' });

export function databaseUrl(): string {
  const url = process.env.COMPONENT_DATABASE_URL_INVENTORY;
  if (!url) throw new Error('COMPONENT_DATABASE_URL_INVENTORY is not set; run through the component project (global setup)');
  return url;
}

export function componentEnvironment(env: Record<string, string> = {}): Record<string, string | undefined> {
  return {
    APP_PORT: '0',
    LOG_LEVEL: 'silent',
    SHUTDOWN_GRACE_MS: '500',
    DATABASE_URL: databaseUrl(),
    DAPR_HTTP_PORT: process.env.COMPONENT_DAPR_HTTP_PORT,
    OUTBOX_RELAY_ENABLED: 'false',
    SCHEDULE_JOBS: 'false',
    ...env,
  };
}

/** The inventory service in-process on a free port, against the component environment's real Postgres. */
export async function startInventory(env: Record<string, string> = {}): Promise<InventoryUnderTest> {
  const service = createInventoryService(loadConfig(inventoryConfigSchema, componentEnvironment(env)));
  await service.start();
  const db = createDatabase(databaseUrl(), { min: 0, max: 2 });
  const baseUrl = `http://127.0.0.1:${service.port()}`;
  const call = async (method: string, path: string, { as, body }: CallOptions = {}): Promise<Answer> => {
    const response = await fetch(baseUrl + path, {
      method,
      headers: { ...as, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
  };
  return {
    service,
    db,
    call,
    stop: async () => {
      await db.destroy();
      await service.stop();
    },
  };
}

/** A product id no other test uses, stocked by an admin. */
export async function givenStock(inventory: InventoryUnderTest, stock: { onHand: number; lowStockThreshold?: number }): Promise<string> {
  const productId = randomUUID();
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
