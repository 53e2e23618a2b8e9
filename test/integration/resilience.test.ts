import { api, eventually, platform, registerAndLogin, sidecarFetch } from './support/platform';
import { getOrder, paymentsOf, placeOrder, settled, stockedProduct, stockOf } from './support/shop';

interface Delivery {
  receivedOn: string;
  event: { id: string; type: string; data: { orderId: string } } & Record<string, unknown>;
}

const received = async (type: string): Promise<Delivery[]> => (await (await fetch(`${platform().probeUrl}/received?type=${type}`)).json()) as Delivery[];
const sinkCount = async (email: string) => ((await (await fetch(`${platform().messageSinkUrl}/messages?to=${encodeURIComponent(email)}`)).json()) as unknown[]).length;

/** Publishes a CloudEvent as it is (same id) through the probe's own sidecar, onto the real broker. */
async function republish(event: Delivery['event']): Promise<void> {
  const { id, source, type, specversion, datacontenttype, dataschema, subject, data, correlationid, time } = event;
  const response = await sidecarFetch('event-probe', `/v1.0/publish/pubsub/${type}`, {
    method: 'POST',
    headers: { 'content-type': 'application/cloudevents+json' },
    body: JSON.stringify({ id, source, type, specversion, datacontenttype, dataschema, subject, data, correlationid, time }),
  });
  if (response.status !== 204) throw new Error(`republish ${type} answered ${response.status}: ${await response.text()}`);
}

describe('at-least-once delivery', () => {
  it('when every consumed event of an order is delivered again, twice and shuffled, then nothing changes', async () => {
    const product = await stockedProduct(3, 700);
    const customer = await registerAndLogin('redelivery');
    const placed = await placeOrder(customer.accessToken, [{ productId: product.id, quantity: 1 }], 'tok_visa');
    await settled(customer.accessToken, placed.body.id);
    await api('POST', `/orders/${placed.body.id}/cancel`, { token: customer.accessToken });
    const events = await eventually('confirmed, cancelled and refunded events', async () => {
      const all = [...(await received('order.confirmed')), ...(await received('order.cancelled')), ...(await received('payment.refunded'))].filter((d) => d.event.data.orderId === placed.body.id);
      return all.length >= 3 ? all.map((d) => d.event) : undefined;
    }, 60_000);
    const notificationsBefore = await eventually('three notifications', async () => {
      const list = (await api<unknown[]>('GET', '/notifications', { token: customer.accessToken })).body;
      return list.length >= 3 ? list : undefined;
    });
    const emailsBefore = await sinkCount(customer.email);

    const copies = [...events, ...events].sort(() => Math.random() - 0.5);
    // Spaced wider than the shortest duplicate window a broker may apply to one event id (JetStream: 100 ms), so every
    // copy really crosses the broker and reaches the consumers.
    for (const event of copies) {
      await republish(event);
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
    await eventually('the copies to cross the broker', async () => {
      const seen = [...(await received('order.confirmed')), ...(await received('order.cancelled')), ...(await received('payment.refunded'))].filter((d) => d.event.data.orderId === placed.body.id);
      return seen.length >= 9 ? true : undefined;
    }, 30_000);
    // The notification service has its own consumer group; give it the same time to read the copies.
    await new Promise((resolve) => setTimeout(resolve, 2_000));

    expect((await api<unknown[]>('GET', '/notifications', { token: customer.accessToken })).body).toEqual(notificationsBefore);
    expect(await sinkCount(customer.email)).toBe(emailsBefore);
    expect((await getOrder(customer.accessToken, placed.body.id)).status).toBe('CANCELLED');
    expect(await stockOf(product.id)).toMatchObject({ onHand: 3, reserved: 0 });
  }, 120_000);
});

describe('events that break their contract', () => {
  it('when notification receives an order.confirmed that breaks its contract, then it is dropped to the dead-letter topic, not retried', async () => {
    const id = `broken-${Date.now()}`;

    await republish({ id, source: 'order', type: 'order.confirmed', specversion: '1.0', datacontenttype: 'application/json', data: { orderId: 'not-a-uuid' } } as unknown as Delivery['event']);
    const deadLettered = await eventually('the event on the dead-letter topic', async () => {
      const all = (await (await fetch(`${platform().probeUrl}/received`)).json()) as Delivery[];
      return all.find((d) => d.event.id === id && d.receivedOn === 'deadletter');
    }, 30_000);

    expect(deadLettered.event.type).toBe('order.confirmed');
  }, 60_000);
});

describe('workflow history', () => {
  const workflowState = (instanceId: string) => sidecarFetch('order', `/v1.0/workflows/dapr/${instanceId}`);

  it('when an order has ended and the maintenance job runs, then its workflow history is purged from the state store', async () => {
    const product = await stockedProduct(2);
    const customer = await registerAndLogin('purge');
    const placed = await placeOrder(customer.accessToken, [{ productId: product.id, quantity: 1 }], 'tok_chargeDeclined');
    await settled(customer.accessToken, placed.body.id);
    const before = await workflowState(placed.body.id);
    await new Promise((resolve) => setTimeout(resolve, 1_500));

    // What the Dapr scheduler calls every 30 s, called now through order's own sidecar (no other app may invoke it).
    const run = await sidecarFetch('order', '/v1.0/invoke/order/method/job/order-maintenance', { method: 'POST' });
    const after = await workflowState(placed.body.id);

    expect(before.status).toBe(200);
    expect(run.status).toBe(200);
    expect(after.status).toBeGreaterThanOrEqual(400);
    expect((await getOrder(customer.accessToken, placed.body.id)).status).toBe('CANCELLED');
  });
});
