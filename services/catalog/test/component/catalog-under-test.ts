import { randomBytes } from 'node:crypto';
import { anAdmin, componentDatabaseConfig, httpCaller, type Call } from '../../../../test/component-setup/harness';
import { catalogConfigSchema } from '../../src/config';
import type { Category } from '../../src/domain/category';
import type { Product } from '../../src/domain/product';
import { createCatalogService, type CatalogOverrides, type CatalogService } from '../../src/service';

export { aCustomer, anAdmin, type Answer, type Identity } from '../../../../test/component-setup/harness';

/** The catalog in-process on a free port, against the component environment's real Postgres and daprd. */
export interface CatalogUnderTest {
  service: CatalogService;
  call: Call;
  stop: () => Promise<void>;
}

/** A word no other test (or earlier run against the same database) uses: letters only, so it is one search token. */
export const uniqueWord = (prefix = 'w'): string =>
  prefix + [...randomBytes(8)].map((byte) => String.fromCharCode(97 + (byte % 26))).join('');

export async function startCatalog(env: Record<string, string> = {}, overrides: CatalogOverrides = {}): Promise<CatalogUnderTest> {
  const service = createCatalogService(componentDatabaseConfig(catalogConfigSchema, 'catalog', env), overrides);
  await service.start();
  return { service, call: httpCaller(`http://127.0.0.1:${service.port()}`), stop: () => service.stop() };
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
