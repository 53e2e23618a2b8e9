import type { Knex } from '@shop/service-kit';
import type { ReservationLedger } from '../domain/ports';
import type { Reservation, ReservationItem, ReservationStatus } from '../domain/reservation';

interface ReservationRow {
  order_id: string;
  status: ReservationStatus;
  expires_at: Date;
}

interface ItemRow {
  order_id: string;
  product_id: string;
  quantity: number;
}

const COLUMNS = ['order_id', 'status', 'expires_at'];

const toReservation = (row: ReservationRow, items: ReservationItem[]): Reservation => ({
  orderId: row.order_id,
  status: row.status,
  expiresAt: row.expires_at,
  items,
});

export function createReservationLedger(trx: Knex.Transaction): ReservationLedger {
  const withItems = async (rows: ReservationRow[]): Promise<Reservation[]> => {
    if (rows.length === 0) return [];
    const items: ItemRow[] = await trx('reservation_items')
      .select('order_id', 'product_id', 'quantity')
      .whereIn(
        'order_id',
        rows.map((row) => row.order_id),
      )
      .orderBy('product_id');
    return rows.map((row) =>
      toReservation(
        row,
        items.filter((item) => item.order_id === row.order_id).map(({ product_id, quantity }) => ({ productId: product_id, quantity })),
      ),
    );
  };
  const one = async (rows: ReservationRow[]): Promise<Reservation | undefined> => (await withItems(rows))[0];

  return {
    async claim({ orderId, items, expiresAt }) {
      // The primary key decides between concurrent claims of one order: the loser waits for the winner's transaction
      // and then inserts nothing, instead of failing with a unique violation that would abort its transaction.
      const [row]: ReservationRow[] = await trx('reservations')
        .insert({ order_id: orderId, status: 'reserved', expires_at: expiresAt })
        .onConflict('order_id')
        .ignore()
        .returning(COLUMNS);
      if (!row) return undefined;
      await trx('reservation_items').insert(items.map(({ productId, quantity }) => ({ order_id: orderId, product_id: productId, quantity })));
      return toReservation(row, items);
    },

    async find(orderId) {
      return one(await trx('reservations').select(COLUMNS).where({ order_id: orderId }));
    },

    async lock(orderId) {
      return one(await trx('reservations').select(COLUMNS).where({ order_id: orderId }).forUpdate());
    },

    async lockExpired(now, limit) {
      const rows: ReservationRow[] = await trx('reservations')
        .select(COLUMNS)
        .where({ status: 'reserved' })
        .andWhere('expires_at', '<=', now)
        .orderBy('expires_at')
        .limit(limit)
        .forUpdate()
        .skipLocked();
      return withItems(rows);
    },

    async setStatus(orderIds, status, releaseReason) {
      await trx('reservations')
        .whereIn('order_id', orderIds)
        .update({ status, updated_at: trx.fn.now(), ...(releaseReason === undefined ? {} : { release_reason: releaseReason }) });
    },
  };
}
