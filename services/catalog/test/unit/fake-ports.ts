import type { ProductCache, ProductRepository, WarningLog } from '../../src/domain/ports';
import type { Product } from '../../src/domain/product';

/** Fakes of the catalog's own ports, for unit tests of the use cases. */

export const aProduct = (overrides: Partial<Product> = {}): Product => ({
  id: '6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b',
  sku: 'MUG-BLUE',
  name: 'Blue Mug',
  description: 'A mug, blue',
  priceCents: 1299,
  currency: 'USD',
  categoryId: '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
  createdAt: '2025-01-01T00:00:00.000Z',
  updatedAt: '2025-01-01T00:00:00.000Z',
  ...overrides,
});

export class FakeProductCache implements ProductCache {
  readonly entries = new Map<string, Product>();
  readonly evicted: string[] = [];
  failWith: Error | undefined;

  async get(id: string): Promise<Product | undefined> {
    if (this.failWith) throw this.failWith;
    return this.entries.get(id);
  }

  async put(product: Product): Promise<void> {
    if (this.failWith) throw this.failWith;
    this.entries.set(product.id, product);
  }

  async evict(id: string): Promise<void> {
    if (this.failWith) throw this.failWith;
    this.evicted.push(id);
    this.entries.delete(id);
  }
}

/** Only what the product use cases under test touch; the rest of the port answers "unexpected call". */
export class FakeProductRepository implements ProductRepository {
  readonly rows = new Map<string, Product>();
  reads = 0;

  constructor(products: Product[] = []) {
    for (const product of products) this.rows.set(product.id, product);
  }

  async findById(id: string): Promise<Product | undefined> {
    this.reads += 1;
    return this.rows.get(id);
  }

  async findByIds(ids: string[]): Promise<Product[]> {
    this.reads += 1;
    return ids.flatMap((id) => this.rows.get(id) ?? []);
  }

  async update(id: string, patch: Partial<Product>) {
    const current = this.rows.get(id);
    if (!current) return undefined;
    const product = { ...current, ...patch };
    this.rows.set(id, product);
    return { ok: true as const, product };
  }

  async softDelete(id: string): Promise<boolean> {
    return this.rows.delete(id);
  }

  insert(): never {
    throw new Error('unexpected call to insert');
  }

  search(): never {
    throw new Error('unexpected call to search');
  }
}

export class RecordingLog implements WarningLog {
  readonly warnings: string[] = [];

  warn(_fields: Record<string, unknown>, message: string): void {
    this.warnings.push(message);
  }
}
