import { randomUUID } from 'node:crypto';
import { IDS_THAT_ARE_NOT_UUIDS } from '../../../../test/component-setup/harness';
import { UNSTORABLE_TEXT_MESSAGE } from '@shop/service-kit';
import { aCharge, aCustomer, charge, paymentRowsOf, startPayment, theWorkflow, type PaymentUnderTest } from './payment-under-test';

/** Text Postgres cannot store (NUL; an unpaired surrogate, sent as JSON allows it: "\ud800") is a 400 at the edge, never a 500. */
let payment: PaymentUnderTest;

beforeAll(async () => {
  payment = await startPayment();
});

afterAll(async () => {
  await payment.stop();
});

const UNSTORABLE = [
  ['a NUL character', '\u0000'],
  ['a lone surrogate', '\uD800'],
] as const;

describe('text Postgres cannot store', () => {
  test.each(UNSTORABLE)('when a charge\'s payment token holds %s, then 400 problem+json names the field and nothing is stored', async (_case, text) => {
    const request = aCharge({ paymentToken: `tok_visa${text}` });

    const answer = await charge(payment, request);

    expect(answer.status).toBe(400);
    expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(answer.body).toMatchObject({ status: 400, errors: [{ path: 'paymentToken', message: UNSTORABLE_TEXT_MESSAGE }] });
    expect(await paymentRowsOf(payment, request.orderId)).toEqual([]);
  });

  test.each(UNSTORABLE)('when a refund\'s reason holds %s, then 400 and no void is recorded', async (_case, text) => {
    const orderId = randomUUID();

    const answer = await payment.call('POST', '/payments/refunds', { as: theWorkflow, body: { orderId, reason: `cancelled${text}` } });

    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ status: 400, errors: [{ path: 'reason', message: UNSTORABLE_TEXT_MESSAGE }] });
    expect(await paymentRowsOf(payment, orderId)).toEqual([]);
  });
});

describe('order ids that are not uuids', () => {
  test.each(IDS_THAT_ARE_NOT_UUIDS)('when GET /payments names the order id %s, then 400 problem+json names orderId', async (_case, orderId) => {
    const answer = await payment.call('GET', `/payments?orderId=${orderId}`, { as: aCustomer() });

    expect(answer.status).toBe(400);
    expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(answer.body.errors).toEqual([expect.objectContaining({ path: 'orderId' })]);
  });
});
