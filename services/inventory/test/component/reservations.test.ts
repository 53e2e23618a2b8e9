import { randomUUID } from 'node:crypto';
import { EventContracts, findContractsDirectory } from '@shop/service-kit';
import { anAdmin, commit, givenStock, outboxRows, release, reserve, startInventory, stockOf, theSystem, type InventoryUnderTest } from './inventory-under-test';

let inventory: InventoryUnderTest;
const contracts = new EventContracts(findContractsDirectory());

beforeAll(async () => {
  inventory = await startInventory();
});

afterAll(async () => {
  await inventory.stop();
});

describe('POST /reservations', () => {
  test('when every item is available, then it answers reserved, available drops and a contract-valid inventory.reserved waits in the outbox', async () => {
    const productId = await givenStock(inventory, { onHand: 10, lowStockThreshold: 0 });
    const orderId = randomUUID();

    const answer = await reserve(inventory, [{ productId, quantity: 3 }], { orderId });

    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ outcome: 'reserved', orderId, expiresAt: expect.any(String) });
    const ttlMs = Date.parse(answer.body.expiresAt) - Date.now();
    expect(ttlMs).toBeGreaterThan(14 * 60_000);
    expect(ttlMs).toBeLessThanOrEqual(15 * 60_000);
    expect(await stockOf(inventory, productId)).toMatchObject({ onHand: 10, reserved: 3, available: 7 });
    const rows = await outboxRows(inventory, 'inventory.reserved', orderId);
    expect(rows).toHaveLength(1);
    expect(rows[0].event).toMatchObject({
      type: 'inventory.reserved',
      source: 'inventory',
      subject: orderId,
      data: { orderId, items: [{ productId, quantity: 3 }], expiresAt: answer.body.expiresAt },
    });
    expect(() => contracts.assertValid('inventory.reserved', rows[0].event.data)).not.toThrow();
  });

  test('when one of two items is short, then it answers out_of_stock naming it and nothing is reserved or remembered', async () => {
    const plenty = await givenStock(inventory, { onHand: 10 });
    const scarce = await givenStock(inventory, { onHand: 1 });
    const orderId = randomUUID();

    const answer = await reserve(inventory, [{ productId: plenty, quantity: 2 }, { productId: scarce, quantity: 2 }], { orderId });

    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ outcome: 'out_of_stock', productIds: [scarce] });
    expect(await stockOf(inventory, plenty)).toMatchObject({ reserved: 0, available: 10 });
    expect(await stockOf(inventory, scarce)).toMatchObject({ reserved: 0, available: 1 });
    expect(await inventory.db('reservations').where({ order_id: orderId })).toHaveLength(0);
    expect(await outboxRows(inventory, 'inventory.reserved', orderId)).toHaveLength(0);
  });

  test('when an out-of-stock order is retried after restocking, then the retry reserves', async () => {
    const productId = await givenStock(inventory, { onHand: 1 });
    const orderId = randomUUID();
    await reserve(inventory, [{ productId, quantity: 2 }], { orderId });
    await givenStockAgain(productId, 5);

    const retry = await reserve(inventory, [{ productId, quantity: 2 }], { orderId });

    expect(retry.body).toMatchObject({ outcome: 'reserved', orderId });
    expect(await stockOf(inventory, productId)).toMatchObject({ reserved: 2, available: 3 });
  });

  test('when a product has no stock row at all, then it is reported out of stock', async () => {
    const unknown = randomUUID();

    const answer = await reserve(inventory, [{ productId: unknown, quantity: 1 }]);

    expect(answer.body).toEqual({ outcome: 'out_of_stock', productIds: [unknown] });
  });

  test('when a product appears twice in one request, then its quantities are merged into one line', async () => {
    const productId = await givenStock(inventory, { onHand: 10, lowStockThreshold: 0 });
    const orderId = randomUUID();

    await reserve(inventory, [{ productId, quantity: 2 }, { productId, quantity: 3 }], { orderId });

    expect(await stockOf(inventory, productId)).toMatchObject({ reserved: 5 });
    const items = await inventory.db('reservation_items').where({ order_id: orderId });
    expect(items).toEqual([{ order_id: orderId, product_id: productId, quantity: 5 }]);
  });

  test('when merged quantities exceed what is available, then it is out of stock even though each line alone fits', async () => {
    const productId = await givenStock(inventory, { onHand: 4 });

    const answer = await reserve(inventory, [{ productId, quantity: 3 }, { productId, quantity: 2 }]);

    expect(answer.body).toEqual({ outcome: 'out_of_stock', productIds: [productId] });
  });

  test('when the same order is reserved twice, then the second answers the first outcome and reserves nothing more', async () => {
    const productId = await givenStock(inventory, { onHand: 10, lowStockThreshold: 0 });
    const orderId = randomUUID();
    const first = await reserve(inventory, [{ productId, quantity: 4 }], { orderId });

    const second = await reserve(inventory, [{ productId, quantity: 4 }], { orderId });

    expect(second.status).toBe(200);
    expect(second.body).toEqual(first.body);
    expect(await stockOf(inventory, productId)).toMatchObject({ reserved: 4, available: 6 });
    expect(await outboxRows(inventory, 'inventory.reserved', orderId)).toHaveLength(1);
  });

  test('when a committed order is reserved again, then it answers committed and changes nothing', async () => {
    const productId = await givenStock(inventory, { onHand: 10, lowStockThreshold: 0 });
    const orderId = randomUUID();
    await reserve(inventory, [{ productId, quantity: 4 }], { orderId });
    await commit(inventory, orderId);

    const again = await reserve(inventory, [{ productId, quantity: 4 }], { orderId });

    expect(again.body).toEqual({ outcome: 'committed', orderId, expiresAt: expect.any(String) });
    expect(await stockOf(inventory, productId)).toMatchObject({ onHand: 6, reserved: 0 });
  });

  test.each([
    ['no items', { orderId: randomUUID(), items: [] }],
    ['a zero quantity', { orderId: randomUUID(), items: [{ productId: randomUUID(), quantity: 0 }] }],
    ['an order id that is not a uuid', { orderId: 'order-1', items: [{ productId: randomUUID(), quantity: 1 }] }],
    ['a ttl of zero', { orderId: randomUUID(), items: [{ productId: randomUUID(), quantity: 1 }], ttlSeconds: 0 }],
  ])('when the request has %s, then 400 problem+json', async (_case, body) => {
    const answer = await inventory.call('POST', '/reservations', { as: theSystem(), body });

    expect(answer.status).toBe(400);
    expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });

  test('when available drops below the threshold, then inventory.low_stock is recorded once, not again while it stays low', async () => {
    const productId = await givenStock(inventory, { onHand: 10, lowStockThreshold: 5 });

    await reserve(inventory, [{ productId, quantity: 3 }]);
    await reserve(inventory, [{ productId, quantity: 3 }]);
    await reserve(inventory, [{ productId, quantity: 1 }]);

    const rows = await outboxRows(inventory, 'inventory.low_stock', productId);
    expect(rows.map((row) => row.event.data)).toEqual([{ productId, available: 4, threshold: 5 }]);
    expect(() => contracts.assertValid('inventory.low_stock', rows[0].event.data)).not.toThrow();
  });
});

describe('POST /reservations/:orderId/commit', () => {
  test('when a live reservation is committed, then on hand and reserved both drop', async () => {
    const productId = await givenStock(inventory, { onHand: 10, lowStockThreshold: 0 });
    const orderId = randomUUID();
    await reserve(inventory, [{ productId, quantity: 3 }], { orderId });

    const answer = await commit(inventory, orderId);

    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ outcome: 'committed' });
    expect(await stockOf(inventory, productId)).toMatchObject({ onHand: 7, reserved: 0, available: 7 });
  });

  test('when a reservation is committed twice, then both answer committed and stock is taken once', async () => {
    const productId = await givenStock(inventory, { onHand: 10, lowStockThreshold: 0 });
    const orderId = randomUUID();
    await reserve(inventory, [{ productId, quantity: 3 }], { orderId });
    await commit(inventory, orderId);

    const second = await commit(inventory, orderId);

    expect(second.body).toEqual({ outcome: 'committed' });
    expect(await stockOf(inventory, productId)).toMatchObject({ onHand: 7, reserved: 0 });
  });

  test('when the reservation was released first, then commit answers released and takes nothing', async () => {
    const productId = await givenStock(inventory, { onHand: 10, lowStockThreshold: 0 });
    const orderId = randomUUID();
    await reserve(inventory, [{ productId, quantity: 3 }], { orderId });
    await release(inventory, orderId);

    const answer = await commit(inventory, orderId);

    expect(answer.body).toEqual({ outcome: 'released' });
    expect(await stockOf(inventory, productId)).toMatchObject({ onHand: 10, reserved: 0 });
  });

  test('when the order has no reservation (or its id is not a uuid), then commit answers not_found', async () => {
    const unknown = await commit(inventory, randomUUID());
    const malformed = await commit(inventory, 'not-a-uuid');

    expect(unknown.status).toBe(200);
    expect(unknown.body).toEqual({ outcome: 'not_found' });
    expect(malformed.body).toEqual({ outcome: 'not_found' });
  });
});

describe('POST /reservations/:orderId/release', () => {
  test('when a live reservation is released, then its stock is available again and a contract-valid inventory.released waits in the outbox', async () => {
    const productId = await givenStock(inventory, { onHand: 10, lowStockThreshold: 0 });
    const orderId = randomUUID();
    await reserve(inventory, [{ productId, quantity: 3 }], { orderId });

    const answer = await release(inventory, orderId, 'payment_declined');

    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ outcome: 'released' });
    expect(await stockOf(inventory, productId)).toMatchObject({ onHand: 10, reserved: 0, available: 10 });
    const rows = await outboxRows(inventory, 'inventory.released', orderId);
    expect(rows.map((row) => row.event.data)).toEqual([{ orderId, items: [{ productId, quantity: 3 }], reason: 'payment_declined' }]);
    expect(() => contracts.assertValid('inventory.released', rows[0].event.data)).not.toThrow();
    expect(await inventory.db('reservations').where({ order_id: orderId }).first()).toMatchObject({ status: 'released', release_reason: 'payment_declined' });
  });

  test('when a reservation is released twice, then both answer released and stock is returned once', async () => {
    const productId = await givenStock(inventory, { onHand: 10, lowStockThreshold: 0 });
    const orderId = randomUUID();
    await reserve(inventory, [{ productId, quantity: 3 }], { orderId });
    await release(inventory, orderId);

    const second = await release(inventory, orderId);

    expect(second.body).toEqual({ outcome: 'released' });
    expect(await stockOf(inventory, productId)).toMatchObject({ onHand: 10, reserved: 0 });
    expect(await outboxRows(inventory, 'inventory.released', orderId)).toHaveLength(1);
  });

  test('when a committed reservation is released, then its units go back on hand (a confirmed order was cancelled)', async () => {
    const productId = await givenStock(inventory, { onHand: 10, lowStockThreshold: 0 });
    const orderId = randomUUID();
    await reserve(inventory, [{ productId, quantity: 3 }], { orderId });
    await commit(inventory, orderId);

    const answer = await release(inventory, orderId, 'cancelled_by_user');
    const again = await release(inventory, orderId, 'cancelled_by_user');

    expect(answer.body).toEqual({ outcome: 'released' });
    expect(again.body).toEqual({ outcome: 'released' });
    expect(await stockOf(inventory, productId)).toMatchObject({ onHand: 10, reserved: 0, available: 10 });
    expect(await outboxRows(inventory, 'inventory.released', orderId)).toHaveLength(1);
  });

  test('when the order has no reservation, then release answers not_found', async () => {
    const answer = await release(inventory, randomUUID());

    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ outcome: 'not_found' });
  });

  test('when no reason is given, then 400', async () => {
    const answer = await inventory.call('POST', `/reservations/${randomUUID()}/release`, { as: theSystem(), body: {} });

    expect(answer.status).toBe(400);
  });
});

async function givenStockAgain(productId: string, onHand: number): Promise<void> {
  const answer = await inventory.call('PUT', `/inventory/${productId}`, { as: anAdmin(), body: { onHand } });
  if (answer.status !== 200) throw new Error(`restocking answered ${answer.status}`);
}
