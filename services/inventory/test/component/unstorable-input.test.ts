import { randomUUID } from 'node:crypto';
import { IDS_THAT_ARE_NOT_UUIDS } from '../../../../test/component-setup/harness';
import { UNSTORABLE_TEXT_MESSAGE } from '@shop/service-kit';
import { anAdmin, givenStock, release, reserve, startInventory, stockOf, type InventoryUnderTest } from './inventory-under-test';

/** Text Postgres cannot store (NUL; an unpaired surrogate, sent as JSON allows it: "\ud800") is a 400 at the edge, never a 500. */
let inventory: InventoryUnderTest;

beforeAll(async () => {
  inventory = await startInventory();
});

afterAll(async () => {
  await inventory.stop();
});

describe('text Postgres cannot store', () => {
  test.each([
    ['a NUL character', 'payment_declined\u0000'],
    ['a lone surrogate', '\uDBFFpayment_declined'],
  ])('when a release reason holds %s, then 400 problem+json names the field and the reservation is still held', async (_case, reason) => {
    const productId = await givenStock(inventory, { onHand: 5, lowStockThreshold: 0 });
    const orderId = randomUUID();
    await reserve(inventory, [{ productId, quantity: 2 }], { orderId });

    const answer = await release(inventory, orderId, reason);

    expect(answer.status).toBe(400);
    expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(answer.body).toMatchObject({ status: 400, errors: [{ path: 'reason', message: UNSTORABLE_TEXT_MESSAGE }] });
    expect(await stockOf(inventory, productId)).toMatchObject({ onHand: 5, reserved: 2 });
    expect(await inventory.db('reservations').where({ order_id: orderId }).first()).toMatchObject({ status: 'reserved', release_reason: null });
  });
});

describe('product ids that are not uuids', () => {
  test.each(IDS_THAT_ARE_NOT_UUIDS)('when the id is %s, then reading and setting its stock answer 404 problem+json', async (_case, id) => {
    const answers = [await inventory.call('GET', `/inventory/${id}`), await inventory.call('PUT', `/inventory/${id}`, { as: anAdmin(), body: { onHand: 1 } })];

    expect(answers.map((answer) => [answer.status, answer.headers.get('content-type')?.split(';')[0]])).toEqual([
      [404, 'application/problem+json'],
      [404, 'application/problem+json'],
    ]);
  });
});
