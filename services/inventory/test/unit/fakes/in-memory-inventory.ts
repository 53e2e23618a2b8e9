import type { InventoryEvent } from '../../../src/domain/events';
import { Rollback, type InTransaction, type InventoryTransaction, type ProductCatalog, type StockReader } from '../../../src/domain/ports';
import type { Reservation } from '../../../src/domain/reservation';
import type { StockLevel } from '../../../src/domain/stock';

/**
 * Our own ports in memory, with the transaction semantics the use cases rely on: a Rollback or a throw undoes every
 * write of the unit of work, events included. Concurrency is the component tests' job.
 */
export class InMemoryInventory {
  stock = new Map<string, StockLevel>();
  reservations = new Map<string, Reservation>();
  events: InventoryEvent[] = [];

  givenStock(level: Partial<StockLevel> & { productId: string }): void {
    this.stock.set(level.productId, { onHand: 0, reserved: 0, lowStockThreshold: 0, ...level });
  }

  levelOf(productId: string): StockLevel | undefined {
    return this.stock.get(productId);
  }

  stockReader: StockReader = {
    find: async (productId) => structuredClone(this.stock.get(productId)),
  };

  inTransaction: InTransaction = async <T>(work: (tx: InventoryTransaction) => Promise<T | Rollback<T>>): Promise<T> => {
    const snapshot = structuredClone({ stock: this.stock, reservations: this.reservations, events: this.events });
    const restore = () => Object.assign(this, snapshot);
    try {
      const outcome = await work(this.transaction());
      if (!(outcome instanceof Rollback)) return outcome;
      restore();
      return outcome.result;
    } catch (error) {
      restore();
      throw error;
    }
  };

  private transaction(): InventoryTransaction {
    const stock = () => this.stock;
    const reservations = () => this.reservations;
    const update = (productId: string, change: (level: StockLevel) => StockLevel): StockLevel => {
      const level = stock().get(productId);
      if (!level) throw new Error(`no stock for ${productId}`);
      const next = change(level);
      if (next.onHand < 0 || next.reserved < 0 || next.reserved > next.onHand) throw new Error(`stock check violated for ${productId}`);
      stock().set(productId, next);
      return { ...next };
    };
    return {
      stock: {
        lock: async (productIds) => [...productIds].sort().flatMap((id) => (stock().has(id) ? [{ ...stock().get(id)! }] : [])),
        reserve: async (productId, quantity) => {
          const level = stock().get(productId);
          if (!level || level.onHand - level.reserved < quantity) return undefined;
          return update(productId, (l) => ({ ...l, reserved: l.reserved + quantity }));
        },
        adjust: async (adjustments) =>
          adjustments.map(({ productId, onHand, reserved }) => update(productId, (l) => ({ ...l, onHand: l.onHand + onHand, reserved: l.reserved + reserved }))),
        set: async (productId, { onHand, lowStockThreshold }) => {
          const level = stock().get(productId) ?? { productId, onHand: 0, reserved: 0, lowStockThreshold: 5 };
          if (onHand < level.reserved) return undefined;
          const next = { ...level, onHand, lowStockThreshold: lowStockThreshold ?? level.lowStockThreshold };
          stock().set(productId, next);
          return { ...next };
        },
      },
      reservations: {
        claim: async ({ orderId, items, expiresAt }) => {
          if (reservations().has(orderId)) return undefined;
          const reservation: Reservation = { orderId, items, expiresAt, status: 'reserved' };
          reservations().set(orderId, reservation);
          return structuredClone(reservation);
        },
        find: async (orderId) => structuredClone(reservations().get(orderId)),
        lock: async (orderId) => structuredClone(reservations().get(orderId)),
        lockExpired: async (now, limit) =>
          [...reservations().values()]
            .filter((r) => r.status === 'reserved' && r.expiresAt.getTime() <= now.getTime())
            .slice(0, limit)
            .map((r) => structuredClone(r)),
        setStatus: async (orderIds, status) => {
          for (const orderId of orderIds) reservations().get(orderId)!.status = status;
        },
      },
      recordEvent: async (event) => {
        this.events.push(event);
      },
    };
  }
}

/** The products the catalog sells; records every question, so a test can tell whether it was asked. */
export class FakeCatalog implements ProductCatalog {
  readonly sold = new Set<string>();
  readonly asked: string[] = [];

  async exists(productId: string): Promise<boolean> {
    this.asked.push(productId);
    return this.sold.has(productId);
  }
}
