import type { Knex } from '@shop/service-kit';
import type { ProductCriteria, ProductRepository, ProductSaved } from '../domain/ports';
import type { Product, ProductPatch } from '../domain/product';
import { isForeignKeyViolation, isUniqueViolation } from './postgres-errors';

interface ProductRow {
  id: string;
  sku: string;
  name: string;
  description: string;
  price_cents: number;
  currency: string;
  category_id: string;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = ['id', 'sku', 'name', 'description', 'price_cents', 'currency', 'category_id', 'created_at', 'updated_at'];

const toProduct = (row: ProductRow): Product => ({
  id: row.id,
  sku: row.sku,
  name: row.name,
  description: row.description,
  priceCents: row.price_cents,
  currency: row.currency,
  categoryId: row.category_id,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
});

const toColumns = (patch: ProductPatch): Partial<ProductRow> => {
  const columns: Partial<ProductRow> = {
    sku: patch.sku,
    name: patch.name,
    description: patch.description,
    price_cents: patch.priceCents,
    currency: patch.currency,
    category_id: patch.categoryId,
  };
  return Object.fromEntries(Object.entries(columns).filter(([, value]) => value !== undefined));
};

// The category and every category below it; categories cannot be re-parented, so the tree has no cycles.
const CATEGORY_SUBTREE = `
  with recursive subtree(id) as (
    select ?::uuid
    union all
    select c.id from categories c join subtree s on c.parent_id = s.id
  )
  select id from subtree`;

async function saved(write: () => Promise<ProductRow[]>): Promise<ProductSaved | undefined> {
  try {
    const [row] = await write();
    return row ? { ok: true, product: toProduct(row) } : undefined;
  } catch (error) {
    if (isUniqueViolation(error)) return { ok: false, reason: 'sku-taken' };
    if (isForeignKeyViolation(error)) return { ok: false, reason: 'unknown-category' };
    throw error;
  }
}

export function createProductRepository(db: Knex): ProductRepository {
  const live = () => db('products').whereNull('deleted_at');

  return {
    async insert(product) {
      const result = await saved(() => db('products').insert(toColumns(product)).returning(COLUMNS));
      if (!result) throw new Error('insert returned no row');
      return result;
    },

    async findById(id) {
      const row: ProductRow | undefined = await live().select(COLUMNS).where({ id }).first();
      return row ? toProduct(row) : undefined;
    },

    async findByIds(ids) {
      const rows: ProductRow[] = await live().select(COLUMNS).whereIn('id', ids);
      return rows.map(toProduct);
    },

    async update(id, patch) {
      return saved(() => live().where({ id }).update({ ...toColumns(patch), updated_at: db.fn.now() }).returning(COLUMNS));
    },

    async softDelete(id) {
      const deleted: number = await live().where({ id }).update({ deleted_at: db.fn.now() });
      return deleted > 0;
    },

    async search({ textQuery, categoryId }: ProductCriteria, { limit, offset }) {
      const matching = live();
      if (textQuery) matching.whereRaw(`search_vector @@ to_tsquery('simple', ?)`, [textQuery]);
      if (categoryId) matching.whereRaw(`category_id in (${CATEGORY_SUBTREE})`, [categoryId]);
      const [counted] = await matching.clone().count({ total: '*' });
      const ordered = textQuery
        ? matching.orderByRaw(`ts_rank(search_vector, to_tsquery('simple', ?)) desc, name, id`, [textQuery])
        : matching.orderByRaw('name, id');
      const rows: ProductRow[] = await ordered.select(COLUMNS).limit(limit).offset(offset);
      return { items: rows.map(toProduct), total: Number(counted?.total ?? 0) };
    },
  };
}
