import { randomUUID } from 'node:crypto';
import { createDatabase, UNSTORABLE_TEXT_MESSAGE, type Knex } from '@shop/service-kit';
import { componentDatabaseConfig, componentDatabaseUrl, httpCaller, type Answer, type Call, type Identity } from '../../../../test/component-setup/harness';
import { orderConfigSchema } from '../../src/config';
import { createOrderService, type OrderService } from '../../src/service';

/**
 * The order service in-process against the component environment's real Postgres, with no workflow worker, relay or
 * scheduled job: what is refused at the edge never reaches them. Text Postgres cannot store (NUL; an unpaired surrogate,
 * sent as JSON allows it: "\ud800") would fail in the address's jsonb: it is a 400 here, never a 500.
 */
let order: OrderService;
let call: Call;
let db: Knex;

beforeAll(async () => {
  order = createOrderService(
    componentDatabaseConfig(orderConfigSchema, 'order', { WORKFLOWS_ENABLED: 'false', SCHEDULE_JOBS: 'false', SHUTDOWN_GRACE_MS: '500' }),
  );
  await order.start();
  call = httpCaller(`http://127.0.0.1:${order.port()}`);
  db = createDatabase(componentDatabaseUrl('order'), { min: 0, max: 2 });
});

afterAll(async () => {
  await db?.destroy();
  await order?.stop();
});

const aCustomer = (): Identity => ({ 'x-user-id': randomUUID(), 'x-user-roles': 'customer', 'x-user-email': 'someone@shop.local' });
const anOrder = (fields: Record<string, unknown> = {}, address: Record<string, unknown> = {}) => ({
  items: [{ productId: randomUUID(), quantity: 1 }],
  shippingAddress: { line1: '1 Main St', city: 'Springfield', postalCode: '12345', country: 'US', ...address },
  paymentToken: 'tok_visa',
  ...fields,
});
const place = (customer: Identity, body: unknown) => call('POST', '/orders', { as: { ...customer, 'idempotency-key': `key-${randomUUID()}` }, body });

describe('text Postgres cannot store', () => {
  test.each([
    ['a NUL character', '\u0000'],
    ['a lone surrogate', '\uDFFF'],
  ])('when an order\'s address, coupon or payment token holds %s, then 400 problem+json names the field and nothing is stored', async (_case, text) => {
    const customer = aCustomer();

    const answers: Answer[] = [
      await place(customer, anOrder({}, { line1: `1 Main${text} St` })),
      await place(customer, anOrder({}, { postalCode: text })),
      await place(customer, anOrder({ couponCode: `SAVE${text}` })),
      await place(customer, anOrder({ paymentToken: `tok_visa${text}` })),
    ];

    expect(answers.map((answer) => [answer.status, answer.headers.get('content-type')?.split(';')[0]])).toEqual(
      Array.from({ length: 4 }, () => [400, 'application/problem+json']),
    );
    expect(answers.map((answer) => answer.body.errors)).toEqual(
      ['shippingAddress.line1', 'shippingAddress.postalCode', 'couponCode', 'paymentToken'].map((path) => [{ path, message: UNSTORABLE_TEXT_MESSAGE }]),
    );
    expect(await db('orders').where({ user_id: customer['x-user-id'] })).toEqual([]);
    expect(await db('idempotency_keys').where({ user_id: customer['x-user-id'] })).toEqual([]);
  });
});

describe('order ids that are not uuids', () => {
  test.each([
    ['NUL', '%00'],
    ['CRLF', '%0D%0A'],
    ['a word', 'not-a-uuid'],
    ['a uuid with NUL after it', '3f2504e0-4f89-41d3-9a0c-0305e82c3301%00'],
  ])('when the id is %s, then reading and cancelling the order answer 404 problem+json', async (_case, id) => {
    const customer = aCustomer();

    const answers = [await call('GET', `/orders/${id}`, { as: customer }), await call('POST', `/orders/${id}/cancel`, { as: customer })];

    expect(answers.map((answer) => [answer.status, answer.headers.get('content-type')?.split(';')[0]])).toEqual([
      [404, 'application/problem+json'],
      [404, 'application/problem+json'],
    ]);
  });
});
