import type { Knex } from '@shop/service-kit';
import type { Category } from '../domain/category';
import type { CategoryRepository, CategorySaved } from '../domain/ports';
import { isForeignKeyViolation, isUniqueViolation } from './postgres-errors';

interface CategoryRow {
  id: string;
  name: string;
  parent_id: string | null;
}

const COLUMNS = ['id', 'name', 'parent_id'];

const toCategory = (row: CategoryRow): Category => ({
  id: row.id,
  name: row.name,
  ...(row.parent_id ? { parentId: row.parent_id } : {}),
});

export function createCategoryRepository(db: Knex): CategoryRepository {
  return {
    async insert({ name, parentId }): Promise<CategorySaved> {
      try {
        const [row]: CategoryRow[] = await db('categories').insert({ name, parent_id: parentId ?? null }).returning(COLUMNS);
        if (!row) throw new Error('insert returned no row');
        return { ok: true, category: toCategory(row) };
      } catch (error) {
        if (isUniqueViolation(error)) return { ok: false, reason: 'name-taken' };
        if (isForeignKeyViolation(error)) return { ok: false, reason: 'unknown-parent' };
        throw error;
      }
    },

    async findById(id) {
      const row: CategoryRow | undefined = await db('categories').select(COLUMNS).where({ id }).first();
      return row ? toCategory(row) : undefined;
    },

    async list({ limit, offset }) {
      const [counted] = await db('categories').count({ total: '*' });
      const rows: CategoryRow[] = await db('categories').select(COLUMNS).orderBy([{ column: 'name' }, { column: 'id' }]).limit(limit).offset(offset);
      return { items: rows.map(toCategory), total: Number(counted?.total ?? 0) };
    },
  };
}
