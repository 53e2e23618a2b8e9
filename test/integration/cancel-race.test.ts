import { setTimeout as sleep } from 'node:timers/promises';
import { api, eventually, registerAndLogin, type ApiResponse } from './support/platform';
import { admin, getOrder, paymentsOf, placeOrder, settled, stockedProduct, stockOf, type OrderView } from './support/shop';
import { expectResponsesAsDocumented } from './support/documented-responses';

type First = 'cancel' | 'deliver';

interface Race {
  order: OrderView;
  cancel: ApiResponse<{ id: string; status: string }>;
  delivery: ApiResponse<{ status: string }>;
}

const ORDERS_PER_RACE = 3;
const STOCK = 10;

/** A CONFIRMED order of one unit of `productId` whose shipment is prepared (still PENDING: its 60 s window is open). */
async function confirmedOrderWithShipment(token: string, productId: string): Promise<{ orderId: string; shipmentId: string }> {
  const placed = await placeOrder(token, [{ productId, quantity: 1 }], 'tok_visa');
  const order = await settled(token, placed.body.id);
  if (order.status !== 'CONFIRMED') throw new Error(`order ${order.id} ended ${order.status}, not CONFIRMED`);
  const shipment = await eventually('the shipment', async () => (await api<{ id: string }[]>('GET', `/shipments?orderId=${order.id}`, { token })).body[0], 30_000);
  return { orderId: order.id, shipmentId: shipment.id };
}

/** The customer cancels and the carrier (the admin) reports delivery, `apartMs` apart, `first` first. */
async function race(token: string, orderId: string, shipmentId: string, first: First, apartMs: number): Promise<Race> {
  const adminToken = await admin();
  const [cancel, delivery] = await Promise.all([
    sleep(first === 'cancel' ? 0 : apartMs).then(() => api<{ id: string; status: string }>('POST', `/orders/${orderId}/cancel`, { token })),
    sleep(first === 'deliver' ? 0 : apartMs).then(() => api<{ status: string }>('POST', `/shipments/${shipmentId}/deliver`, { token: adminToken })),
  ]);
  const order = await eventually(`order ${orderId} to end CANCELLED or DELIVERED`, async () => {
    const current = await getOrder(token, orderId);
    return current.status === 'CANCELLED' || current.status === 'DELIVERED' ? current : undefined;
  }, 30_000);
  return { order, cancel, delivery };
}

describe('a cancellation racing the delivery of a CONFIRMED order, through the gateway', () => {
  beforeAll(expectResponsesAsDocumented);

  const races = (['cancel', 'deliver'] as const).flatMap((first) => [0, 150, 400].map((apartMs) => [first, apartMs] as const));

  it.each(races)('when the %s comes first and the other %i ms later, then exactly one wins each time and the order, payment, stock and shipment agree', async (first, apartMs) => {
    const product = await stockedProduct(STOCK, 700);
    const customer = await registerAndLogin(`race-${first}-${apartMs}`);
    const token = customer.accessToken;
    const ready = await Promise.all(Array.from({ length: ORDERS_PER_RACE }, () => confirmedOrderWithShipment(token, product.id)));

    const results = await Promise.all(ready.map(({ orderId, shipmentId }) => race(token, orderId, shipmentId, first, apartMs)));

    for (const { order, cancel, delivery } of results) {
      const cancelWon = order.status === 'CANCELLED';
      const payments = await paymentsOf(token, order.id);
      const shipments = (await api<{ status: string }[]>('GET', `/shipments?orderId=${order.id}`, { token })).body;

      expect({ cancel: cancel.status, delivery: delivery.status }).toEqual(cancelWon ? { cancel: 202, delivery: 409 } : { cancel: 409, delivery: 200 });
      expect(order.history.map((h) => h.status)).toEqual(cancelWon ? ['PENDING', 'CONFIRMED', 'CANCELLED'] : ['PENDING', 'CONFIRMED', 'SHIPPED', 'DELIVERED']);
      expect(payments.map((p) => p.status)).toEqual([cancelWon ? 'REFUNDED' : 'CAPTURED']);
      expect(shipments.map((s) => s.status)).toEqual([cancelWon ? 'CANCELLED' : 'DELIVERED']);
    }
    const delivered = results.filter((r) => r.order.status === 'DELIVERED').length;
    expect(await stockOf(product.id)).toMatchObject({ onHand: STOCK - delivered, reserved: 0, available: STOCK - delivered });
  }, 60_000);

  it('when the parcel was delivered, then a later cancellation is 409 and nothing is refunded or put back', async () => {
    const product = await stockedProduct(STOCK, 700);
    const customer = await registerAndLogin('race-late');
    const token = customer.accessToken;
    const { orderId, shipmentId } = await confirmedOrderWithShipment(token, product.id);
    await api('POST', `/shipments/${shipmentId}/deliver`, { token: await admin() });
    await eventually('the order to be DELIVERED', async () => ((await getOrder(token, orderId)).status === 'DELIVERED' ? true : undefined), 30_000);

    const cancel = await api('POST', `/orders/${orderId}/cancel`, { token });

    expect(cancel.status).toBe(409);
    expect((await getOrder(token, orderId)).status).toBe('DELIVERED');
    expect((await paymentsOf(token, orderId)).map((p) => p.status)).toEqual(['CAPTURED']);
    expect(await stockOf(product.id)).toMatchObject({ onHand: STOCK - 1, reserved: 0 });
  }, 60_000);
});
