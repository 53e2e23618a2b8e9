import { randomBytes, randomUUID } from 'node:crypto';
import { catalogConfigSchema } from '../../src/config';
import type { Category } from '../../src/domain/category';
import type { Product } from '../../src/domain/product';
import { createCatalogService, type CatalogOverrides, type CatalogService } from '../../src/service';

/** The catalog in-process on a free port, against the component environment's real Postgres and daprd. */
export interface CatalogUnderTest {
  service: CatalogService;
  call: (method: string, path: string, options?: CallOptions) => Promise<Answer>;
  stop: () => Promise<void>;
}

export interface CallOptions {
  as?: Identity;
  body?: unknown;
}

export interface Answer<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

export type Identity = Record<string, string>;

export const anAdmin = (): Identity => ({ 'x-user-id': randomUUID(), 'x-user-roles': 'admin' });
export const aCustomer = (): Identity => ({ 'x-user-id': randomUUID(), 'x-user-roles': 'customer' });

/** A word no other test (or earlier run against the same database) uses: letters only, so it is one search token. */
export const uniqueWord = (prefix = 'w'): string =>
  prefix + [...randomBytes(8)].map((byte) => String.fromCharCode(97 + (byte % 26))).join('');

export function componentEnvironment(overrides: Record<string, string> = {}): Record<string, string | undefined> {
  return {
    SERVICE_NAME: 'catalog',
    APP_PORT: '0',
    LOG_LEVEL: 'silent',
    SHUTDOWN_GRACE_MS: '1000',
    DATABASE_URL: process.env.COMPONENT_DATABASE_URL_CATALOG,
    DAPR_HTTP_PORT: process.env.COMPONENT_DAPR_HTTP_PORT,
    ...overrides,
  };
}

export async function startCatalog(env: Record<string, string> = {}, overrides: CatalogOverrides = {}): Promise<CatalogUnderTest> {
  const service = createCatalogService(catalogConfigSchema.parse(componentEnvironment(env)), overrides);
  await service.start();
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
  return { service, call, stop: () => service.stop() };
}

export async function givenCategory(catalog: CatalogUnderTest, fields: { name?: string; parentId?: string } = {}): Promise<Category> {
  const answer = await catalog.call('POST', '/categories', { as: anAdmin(), body: { name: uniqueWord('category'), ...fields } });
  if (answer.status !== 201) throw new Error(`creating a category answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  return answer.body as Category;
}

export const aNewProduct = (categoryId: string, fields: Record<string, unknown> = {}) => ({
  sku: `SKU-${uniqueWord('').toUpperCase()}`,
  name: `Product ${uniqueWord()}`,
  description: 'made for component tests',
  priceCents: 1299,
  categoryId,
  ...fields,
});

export async function givenProduct(catalog: CatalogUnderTest, categoryId: string, fields: Record<string, unknown> = {}): Promise<Product> {
  const answer = await catalog.call('POST', '/products', { as: anAdmin(), body: aNewProduct(categoryId, fields) });
  if (answer.status !== 201) throw new Error(`creating a product answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  return answer.body as Product;
}
