import { commitReservation } from '../../src/domain/commit-reservation';
import { releaseReservation } from '../../src/domain/release-reservation';
import { reserveStock } from '../../src/domain/reserve-stock';
import { setStock } from '../../src/domain/set-stock';
import { sweepExpiredReservations } from '../../src/domain/sweep-expired-reservations';
import { FakeCatalog, InMemoryInventory } from './fakes/in-memory-inventory';

const A = '00000000-0000-4000-8000-00000000000a';
const B = '00000000-0000-4000-8000-00000000000b';
const ORDER = '11111111-1111-4111-8111-111111111111';
const NOW = new Date('2030-01-01T00:00:00.000Z');

function anInventory() {
  const inventory = new InMemoryInventory();
  let now = NOW;
  const deps = {
    inTransaction: inventory.inTransaction,
    clock: () => now,
    reservationTtlSeconds: 900,
    sweepBatchSize: 2,
    log: { info: () => undefined },
  };
  return { inventory, deps, advanceSeconds: (seconds: number) => (now = new Date(now.getTime() + seconds * 1000)) };
}

describe('setting stock', () => {
  const setUp = () => {
    const inventory = new InMemoryInventory();
    const catalog = new FakeCatalog();
    return { inventory, catalog, deps: { inTransaction: inventory.inTransaction, stockReader: inventory.stockReader, catalog } };
  };

  it('when the first stock is set for a product the catalog sells, then the catalog is asked once and the stock is created', async () => {
    const { inventory, catalog, deps } = setUp();
    catalog.sold.add(A);

    const stock = await setStock(A, { onHand: 12, lowStockThreshold: 3 }, deps);

    expect(stock).toEqual({ productId: A, onHand: 12, reserved: 0, available: 12, lowStockThreshold: 3 });
    expect(catalog.asked).toEqual([A]);
    expect(inventory.levelOf(A)).toMatchObject({ onHand: 12 });
  });

  it('when the catalog does not know the product, then 404 names it, and no stock or event is stored', async () => {
    const { inventory, catalog, deps } = setUp();

    const refusal = setStock(B, { onHand: 5 }, deps);

    await expect(refusal).rejects.toMatchObject({
      status: 404,
      type: 'https://shop.local/problems/not-found',
      detail: `product ${B} is not in the catalog: stock can only be set for a product the catalog sells`,
    });
    expect(catalog.asked).toEqual([B]);
    expect(inventory.levelOf(B)).toBeUndefined();
    expect(inventory.events).toEqual([]);
  });

  it('when the product already has stock, then it is recounted without asking the catalog (even one it no longer sells)', async () => {
    const { inventory, catalog, deps } = setUp();
    inventory.givenStock({ productId: A, onHand: 4, lowStockThreshold: 2 });

    const stock = await setStock(A, { onHand: 40 }, deps);

    expect(stock).toMatchObject({ onHand: 40, lowStockThreshold: 2 });
    expect(catalog.asked).toEqual([]);
  });

  it('when the id is not a uuid, then 404 without asking the catalog', async () => {
    const { catalog, deps } = setUp();

    await expect(setStock('not-a-uuid', { onHand: 1 }, deps)).rejects.toMatchObject({ status: 404 });
    expect(catalog.asked).toEqual([]);
  });
});

describe('reserving stock', () => {
  it('when every item is available, then all are reserved with the default expiry and one inventory.reserved is recorded', async () => {
    const { inventory, deps } = anInventory();
    inventory.givenStock({ productId: A, onHand: 5 });
    inventory.givenStock({ productId: B, onHand: 5 });

    const outcome = await reserveStock({ orderId: ORDER, items: [{ productId: B, quantity: 1 }, { productId: A, quantity: 2 }] }, deps);

    expect(outcome).toEqual({ outcome: 'reserved', orderId: ORDER, expiresAt: '2030-01-01T00:15:00.000Z' });
    expect(inventory.levelOf(A)?.reserved).toBe(2);
    expect(inventory.levelOf(B)?.reserved).toBe(1);
    expect(inventory.events.map((event) => event.type)).toEqual(['inventory.reserved']);
    expect(inventory.events[0]?.data).toEqual({
      orderId: ORDER,
      items: [{ productId: A, quantity: 2 }, { productId: B, quantity: 1 }],
      expiresAt: '2030-01-01T00:15:00.000Z',
    });
  });

  it('when any item is short, then the outcome names every short product and nothing is reserved, remembered or recorded', async () => {
    const { inventory, deps } = anInventory();
    inventory.givenStock({ productId: A, onHand: 5 });
    inventory.givenStock({ productId: B, onHand: 1 });

    const outcome = await reserveStock({ orderId: ORDER, items: [{ productId: A, quantity: 2 }, { productId: B, quantity: 2 }] }, deps);

    expect(outcome).toEqual({ outcome: 'out_of_stock', productIds: [B] });
    expect(inventory.levelOf(A)?.reserved).toBe(0);
    expect(inventory.reservations.size).toBe(0);
    expect(inventory.events).toEqual([]);
  });

  it('when the order was already reserved, then the stored outcome is answered and nothing more is reserved', async () => {
    const { inventory, deps, advanceSeconds } = anInventory();
    inventory.givenStock({ productId: A, onHand: 5 });
    const first = await reserveStock({ orderId: ORDER, items: [{ productId: A, quantity: 2 }] }, deps);
    advanceSeconds(30);

    const second = await reserveStock({ orderId: ORDER, items: [{ productId: A, quantity: 2 }] }, deps);

    expect(second).toEqual(first);
    expect(inventory.levelOf(A)?.reserved).toBe(2);
    expect(inventory.events).toHaveLength(1);
  });

  it('when the caller gives a ttl, then it sets the expiry', async () => {
    const { inventory, deps } = anInventory();
    inventory.givenStock({ productId: A, onHand: 5 });

    const outcome = await reserveStock({ orderId: ORDER, items: [{ productId: A, quantity: 1 }], ttlSeconds: 60 }, deps);

    expect(outcome).toMatchObject({ expiresAt: '2030-01-01T00:01:00.000Z' });
  });

  it('when a reservation takes available below the threshold, then inventory.low_stock is recorded with the reservation', async () => {
    const { inventory, deps } = anInventory();
    inventory.givenStock({ productId: A, onHand: 6, lowStockThreshold: 5 });

    await reserveStock({ orderId: ORDER, items: [{ productId: A, quantity: 2 }] }, deps);

    expect(inventory.events.map((event) => [event.type, event.data])).toEqual([
      ['inventory.reserved', expect.anything()],
      ['inventory.low_stock', { productId: A, available: 4, threshold: 5 }],
    ]);
  });
});

describe('committing and releasing', () => {
  it('when a live reservation is committed and then released, then its units end up back on hand', async () => {
    const { inventory, deps } = anInventory();
    inventory.givenStock({ productId: A, onHand: 5 });
    await reserveStock({ orderId: ORDER, items: [{ productId: A, quantity: 2 }] }, deps);

    const committed = await commitReservation(ORDER, deps);
    const afterCommit = { ...inventory.levelOf(A) };
    const released = await releaseReservation({ orderId: ORDER, reason: 'cancelled_by_user' }, deps);

    expect(committed).toEqual({ outcome: 'committed' });
    expect(afterCommit).toMatchObject({ onHand: 3, reserved: 0 });
    expect(released).toEqual({ outcome: 'released' });
    expect(inventory.levelOf(A)).toMatchObject({ onHand: 5, reserved: 0 });
    expect(inventory.events.at(-1)).toMatchObject({ type: 'inventory.released', data: { reason: 'cancelled_by_user' } });
  });

  it('when the order id is not a uuid, then commit and release answer not_found', async () => {
    const { deps } = anInventory();

    const committed = await commitReservation('order-1', deps);
    const released = await releaseReservation({ orderId: 'order-1', reason: 'x' }, deps);

    expect(committed).toEqual({ outcome: 'not_found' });
    expect(released).toEqual({ outcome: 'not_found' });
  });
});

describe('sweeping expired reservations', () => {
  it('when reservations expired, then every one is released in batches with reason expired and live ones stay', async () => {
    const { inventory, deps, advanceSeconds } = anInventory();
    inventory.givenStock({ productId: A, onHand: 10 });
    const expiring = ['1', '2', '3'].map((digit) => `22222222-2222-4222-8222-22222222222${digit}`);
    for (const orderId of expiring) await reserveStock({ orderId, items: [{ productId: A, quantity: 1 }], ttlSeconds: 60 }, deps);
    await reserveStock({ orderId: ORDER, items: [{ productId: A, quantity: 2 }] }, deps);
    advanceSeconds(61);

    const result = await sweepExpiredReservations(deps);

    expect(result).toEqual({ expired: 3 });
    expect(inventory.levelOf(A)).toMatchObject({ onHand: 10, reserved: 2 });
    expect(expiring.map((orderId) => inventory.reservations.get(orderId)?.status)).toEqual(['expired', 'expired', 'expired']);
    expect(inventory.events.filter((event) => event.type === 'inventory.released').map((event) => event.data)).toEqual(
      expiring.map((orderId) => ({ orderId, items: [{ productId: A, quantity: 1 }], reason: 'expired' })),
    );
  });
});
