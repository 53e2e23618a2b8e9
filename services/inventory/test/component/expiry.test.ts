import { randomUUID } from 'node:crypto';
import { EventContracts, findContractsDirectory } from '@shop/service-kit';
import { commit, givenStock, outboxRows, release, reserve, startInventory, stockOf, type InventoryUnderTest } from './inventory-under-test';

let inventory: InventoryUnderTest;
const contracts = new EventContracts(findContractsDirectory());

beforeAll(async () => {
  inventory = await startInventory();
});

afterAll(async () => {
  await inventory.stop();
});

const sweep = () => inventory.call('POST', '/job/reservation-sweep');
const pastExpiry = () => new Promise((resolve) => setTimeout(resolve, 1_200));

describe('POST /job/reservation-sweep', () => {
  test('when a reservation has expired, then the sweep gives its stock back and records inventory.released with reason expired', async () => {
    const productId = await givenStock(inventory, { onHand: 10, lowStockThreshold: 0 });
    const orderId = randomUUID();
    await reserve(inventory, [{ productId, quantity: 4 }], { orderId, ttlSeconds: 1 });
    await pastExpiry();

    const answer = await sweep();

    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ expired: expect.any(Number) });
    expect(await stockOf(inventory, productId)).toMatchObject({ onHand: 10, reserved: 0, available: 10 });
    expect(await inventory.db('reservations').where({ order_id: orderId }).first()).toMatchObject({ status: 'expired', release_reason: 'expired' });
    const rows = await outboxRows(inventory, 'inventory.released', orderId);
    expect(rows.map((row) => row.event.data)).toEqual([{ orderId, items: [{ productId, quantity: 4 }], reason: 'expired' }]);
    expect(() => contracts.assertValid('inventory.released', rows[0].event.data)).not.toThrow();
  });

  test('when the sweeper released a reservation first, then commit answers expired, a retried reserve answers expired, and release changes nothing', async () => {
    const productId = await givenStock(inventory, { onHand: 10, lowStockThreshold: 0 });
    const orderId = randomUUID();
    await reserve(inventory, [{ productId, quantity: 4 }], { orderId, ttlSeconds: 1 });
    await pastExpiry();
    await sweep();

    const committed = await commit(inventory, orderId);
    const reserved = await reserve(inventory, [{ productId, quantity: 4 }], { orderId });
    const released = await release(inventory, orderId);

    expect(committed.body).toEqual({ outcome: 'expired' });
    expect(reserved.body).toMatchObject({ outcome: 'expired', orderId });
    expect(released.body).toEqual({ outcome: 'released' });
    expect(await stockOf(inventory, productId)).toMatchObject({ onHand: 10, reserved: 0 });
    expect(await outboxRows(inventory, 'inventory.released', orderId)).toHaveLength(1);
  });

  test('when reservations have not expired yet or were committed, then the sweep leaves them alone', async () => {
    const productId = await givenStock(inventory, { onHand: 10, lowStockThreshold: 0 });
    const live = randomUUID();
    const committed = randomUUID();
    await reserve(inventory, [{ productId, quantity: 2 }], { orderId: live });
    await reserve(inventory, [{ productId, quantity: 3 }], { orderId: committed, ttlSeconds: 1 });
    await commit(inventory, committed);
    await pastExpiry();

    await sweep();

    expect(await stockOf(inventory, productId)).toMatchObject({ onHand: 7, reserved: 2 });
    expect(await commit(inventory, live)).toMatchObject({ body: { outcome: 'committed' } });
  });

  test('when more reservations expired than fit in one batch, then one sweep releases all of them', async () => {
    const small = await startInventory({ SWEEP_BATCH_SIZE: '2' }, { catalog: inventory.catalog });
    try {
      const productId = await givenStock(small, { onHand: 10, lowStockThreshold: 0 });
      for (let i = 0; i < 5; i += 1) await reserve(small, [{ productId, quantity: 1 }], { ttlSeconds: 1 });
      await pastExpiry();

      await small.call('POST', '/job/reservation-sweep');

      expect(await stockOf(small, productId)).toMatchObject({ reserved: 0, available: 10 });
    } finally {
      await small.stop();
    }
  });
});
