import type { Knex } from '@shop/service-kit';
import type { NewShipment, Shipment, ShipmentStatus } from '../domain/shipment';

const TABLE = 'shipments';

interface ShipmentRow {
  id: string;
  order_id: string;
  user_id: string;
  status: ShipmentStatus;
  tracking_number: string;
  dispatch_after: Date;
  shipped_at: Date | null;
  delivered_at: Date | null;
}

const toShipment = (row: ShipmentRow): Shipment => ({
  id: row.id,
  orderId: row.order_id,
  userId: row.user_id,
  status: row.status,
  trackingNumber: row.tracking_number,
  dispatchAfter: row.dispatch_after,
  shippedAt: row.shipped_at,
  deliveredAt: row.delivered_at,
});

/** Reads and writes of the shipments table; `db` is the pool or a transaction. */
export class ShipmentRepository {
  constructor(protected readonly db: Knex | Knex.Transaction) {}

  async findById(id: string): Promise<Shipment | undefined> {
    const row = (await this.db(TABLE).where({ id }).first()) as ShipmentRow | undefined;
    return row && toShipment(row);
  }

  async findByOrderId(orderId: string): Promise<Shipment | undefined> {
    const row = (await this.db(TABLE).where({ order_id: orderId }).first()) as ShipmentRow | undefined;
    return row && toShipment(row);
  }

  insertIfAbsent(shipment: NewShipment): Promise<Shipment | undefined> {
    return this.insertUnlessTaken(shipment, 'PENDING');
  }

  insertCancelledIfAbsent(shipment: NewShipment): Promise<Shipment | undefined> {
    return this.insertUnlessTaken(shipment, 'CANCELLED');
  }

  /** One shipment per order (UNIQUE order_id): a second insert, concurrent ones included, finds the slot taken. */
  private async insertUnlessTaken(shipment: NewShipment, status: 'PENDING' | 'CANCELLED'): Promise<Shipment | undefined> {
    const rows = (await this.db(TABLE)
      .insert({
        id: shipment.id,
        order_id: shipment.orderId,
        user_id: shipment.userId,
        status,
        tracking_number: shipment.trackingNumber,
        dispatch_after: shipment.dispatchAfter,
      })
      .onConflict('order_id')
      .ignore()
      .returning('*')) as ShipmentRow[];
    return rows[0] && toShipment(rows[0]);
  }

  async lockById(id: string): Promise<Shipment | undefined> {
    const row = (await this.db(TABLE).where({ id }).forUpdate().first()) as ShipmentRow | undefined;
    return row && toShipment(row);
  }

  async lockByOrderId(orderId: string): Promise<Shipment | undefined> {
    const row = (await this.db(TABLE).where({ order_id: orderId }).forUpdate().first()) as ShipmentRow | undefined;
    return row && toShipment(row);
  }

  async lockDue(now: Date, limit: number): Promise<Shipment[]> {
    const rows = (await this.db(TABLE)
      .where({ status: 'PENDING' })
      .andWhere('dispatch_after', '<=', now)
      .orderBy('dispatch_after')
      .limit(limit)
      .forUpdate()
      .skipLocked()) as ShipmentRow[];
    return rows.map(toShipment);
  }

  markShipped(id: string, at: Date): Promise<Shipment> {
    return this.update(id, 'PENDING', { status: 'SHIPPED', shipped_at: at });
  }

  markDelivered(id: string, at: Date): Promise<Shipment> {
    return this.update(id, 'SHIPPED', { status: 'DELIVERED', delivered_at: at });
  }

  markCancelled(id: string): Promise<Shipment> {
    return this.update(id, 'PENDING', { status: 'CANCELLED' });
  }

  /** A conditional UPDATE: the transition happens only from `from`, whatever the caller believed it read. */
  private async update(id: string, from: ShipmentStatus, changes: Partial<ShipmentRow>): Promise<Shipment> {
    const rows = (await this.db(TABLE)
      .where({ id, status: from })
      .update({ ...changes, updated_at: this.db.fn.now() })
      .returning('*')) as ShipmentRow[];
    if (!rows[0]) throw new Error(`shipment ${id} is no longer ${from}`);
    return toShipment(rows[0]);
  }
}
