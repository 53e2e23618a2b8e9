import { aCustomer, anAdmin, startShipping, type ShippingUnderTest } from './shipping-under-test';
import { IDS_THAT_ARE_NOT_UUIDS } from '../../../../test/component-setup/harness';

/** Shipping takes no free text from requests; what it takes are ids, and one that is not a uuid never reaches Postgres. */
let shipping: ShippingUnderTest;

beforeAll(async () => {
  shipping = await startShipping();
});

afterAll(async () => {
  await shipping.stop();
});

describe('ids that are not uuids', () => {
  test.each(IDS_THAT_ARE_NOT_UUIDS)('when the shipment id is %s, then reading and delivering it answer 404 problem+json', async (_case, id) => {
    const answers = [await shipping.call('GET', `/shipments/${id}`, { as: aCustomer() }), await shipping.call('POST', `/shipments/${id}/deliver`, { as: anAdmin() })];

    expect(answers.map((answer) => [answer.status, answer.body?.type])).toEqual([
      [404, 'https://shop.local/problems/not-found'],
      [404, 'https://shop.local/problems/not-found'],
    ]);
  });

  test.each(IDS_THAT_ARE_NOT_UUIDS)('when GET /shipments names the order id %s, then 400 problem+json names orderId', async (_case, orderId) => {
    const answer = await shipping.call('GET', `/shipments?orderId=${orderId}`, { as: aCustomer() });

    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ type: 'https://shop.local/problems/validation', errors: [expect.objectContaining({ path: 'orderId' })] });
  });
});
