import type { Knex } from '@shop/service-kit';
import type { StockLedger, StockReader } from '../domain/ports';
import { compareIds } from '../domain/reservation';
import type { StockLevel } from '../domain/stock';

interface StockRow {
  product_id: string;
  on_hand: number;
  reserved: number;
  low_stock_threshold: number;
}

const COLUMNS = ['product_id', 'on_hand', 'reserved', 'low_stock_threshold'];

const toStockLevel = (row: StockRow): StockLevel => ({
  productId: row.product_id,
  onHand: row.on_hand,
  reserved: row.reserved,
  lowStockThreshold: row.low_stock_threshold,
});

const RETURNING = `returning ${COLUMNS.join(', ')}`;

export function createStockReader(db: Knex): StockReader {
  return {
    async find(productId) {
      const row: StockRow | undefined = await db('stock').select(COLUMNS).where({ product_id: productId }).first();
      return row ? toStockLevel(row) : undefined;
    },
  };
}

/**
 * Stock inside a transaction. Rows are always locked in product id order, by every use case, so two transactions
 * touching the same products queue up behind each other instead of deadlocking.
 */
export function createStockLedger(trx: Knex.Transaction): StockLedger {
  const rowsOf = async (query: Knex.Raw): Promise<StockLevel[]> => ((await query).rows as StockRow[]).map(toStockLevel);

  return {
    async lock(productIds) {
      if (productIds.length === 0) return [];
      const rows: StockRow[] = await trx('stock').select(COLUMNS).whereIn('product_id', productIds).orderBy('product_id').forUpdate();
      return rows.map(toStockLevel);
    },

    async reserve(productId, quantity) {
      // Conditional, not read-modify-write: the check and the change are one statement on a locked row.
      const [level] = await rowsOf(
        trx.raw(
          `update stock set reserved = reserved + ?, version = version + 1, updated_at = now()
           where product_id = ? and on_hand - reserved >= ? ${RETURNING}`,
          [quantity, productId, quantity],
        ),
      );
      return level;
    },

    async adjust(adjustments) {
      const levels: StockLevel[] = [];
      for (const { productId, onHand, reserved } of [...adjustments].sort((a, b) => compareIds(a.productId, b.productId))) {
        const [level] = await rowsOf(
          trx.raw(
            `update stock set on_hand = on_hand + ?, reserved = reserved + ?, version = version + 1, updated_at = now()
             where product_id = ? ${RETURNING}`,
            [onHand, reserved, productId],
          ),
        );
        if (!level) throw new Error(`stock of ${productId} is missing while adjusting it (onHand ${onHand}, reserved ${reserved})`);
        levels.push(level);
      }
      return levels;
    },

    async set(productId, { onHand, lowStockThreshold }) {
      // A new row takes the table's default threshold unless one is given.
      const threshold = lowStockThreshold === undefined ? 'default' : '?';
      const [level] = await rowsOf(
        trx.raw(
          `insert into stock (product_id, on_hand, low_stock_threshold) values (?, ?, ${threshold})
           on conflict (product_id) do update
             set on_hand = excluded.on_hand,
                 low_stock_threshold = ${lowStockThreshold === undefined ? 'stock.low_stock_threshold' : 'excluded.low_stock_threshold'},
                 version = stock.version + 1,
                 updated_at = now()
             where stock.reserved <= excluded.on_hand
           ${RETURNING}`,
          lowStockThreshold === undefined ? [productId, onHand] : [productId, onHand, lowStockThreshold],
        ),
      );
      return level;
    },
  };
}
