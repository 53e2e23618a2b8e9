import { randomUUID } from 'node:crypto';
import { givenStock, outboxRows, reserve, startInventory, stockOf, type InventoryUnderTest } from './inventory-under-test';

let inventory: InventoryUnderTest;

beforeAll(async () => {
  inventory = await startInventory();
});

afterAll(async () => {
  await inventory.stop();
});

describe('reservations under concurrency', () => {
  test('when 30 orders race for the last 10 units, then exactly 10 are reserved and the stock is never oversold', async () => {
    const productId = await givenStock(inventory, { onHand: 10, lowStockThreshold: 0 });
    const orderIds = Array.from({ length: 30 }, () => randomUUID());

    const answers = await Promise.all(orderIds.map((orderId) => reserve(inventory, [{ productId, quantity: 1 }], { orderId })));

    expect(answers.map((answer) => answer.status)).toEqual(orderIds.map(() => 200));
    const outcomes = answers.map((answer) => answer.body.outcome);
    expect(outcomes.filter((outcome) => outcome === 'reserved')).toHaveLength(10);
    expect(outcomes.filter((outcome) => outcome === 'out_of_stock')).toHaveLength(20);
    expect(await stockOf(inventory, productId)).toMatchObject({ onHand: 10, reserved: 10, available: 0 });
    const held = await inventory.db('reservation_items').where({ product_id: productId }).sum({ units: 'quantity' }).first();
    expect(Number(held?.units)).toBe(10);
  });

  test('when two orders lock the same products in opposite request order, then both complete without a deadlock', async () => {
    const first = await givenStock(inventory, { onHand: 100, lowStockThreshold: 0 });
    const second = await givenStock(inventory, { onHand: 100, lowStockThreshold: 0 });

    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        reserve(inventory, i % 2 ? [{ productId: first, quantity: 1 }, { productId: second, quantity: 1 }] : [{ productId: second, quantity: 1 }, { productId: first, quantity: 1 }]),
      ),
    );

    expect(answers.map((answer) => answer.body.outcome)).toEqual(answers.map(() => 'reserved'));
    expect(await stockOf(inventory, first)).toMatchObject({ reserved: 20 });
    expect(await stockOf(inventory, second)).toMatchObject({ reserved: 20 });
  });

  test('when the same order is reserved 10 times at once, then it is reserved once and every call answers the same', async () => {
    const productId = await givenStock(inventory, { onHand: 50, lowStockThreshold: 0 });
    const orderId = randomUUID();

    const answers = await Promise.all(Array.from({ length: 10 }, () => reserve(inventory, [{ productId, quantity: 2 }], { orderId })));

    expect(answers.map((answer) => answer.status)).toEqual(answers.map(() => 200));
    expect(new Set(answers.map((answer) => JSON.stringify(answer.body))).size).toBe(1);
    expect(answers[0]?.body).toMatchObject({ outcome: 'reserved', orderId });
    expect(await stockOf(inventory, productId)).toMatchObject({ reserved: 2, available: 48 });
    expect(await outboxRows(inventory, 'inventory.reserved', orderId)).toHaveLength(1);
  });
});
