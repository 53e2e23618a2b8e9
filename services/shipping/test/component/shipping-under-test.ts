import { randomUUID } from 'node:crypto';
import { buildCloudEvent, createDatabase, EventContracts, findContractsDirectory, type CloudEvent, type Knex } from '@shop/service-kit';
import { componentDatabaseConfig, componentDatabaseUrl, rawSender, type Reply } from '../../../../test/component-setup/harness';
import { shippingConfigSchema } from '../../src/config';
import { createShippingService, type ShippingService } from '../../src/service';

export type Identity = Record<string, string>;

export type Answer = Reply;

export interface CallOptions {
  as?: Identity;
  body?: unknown;
}

/** The shipping service in-process on a free port, against the component environment's real Postgres and daprd. */
export interface ShippingUnderTest {
  service: ShippingService;
  /** A separate connection, for asserting on the state the service wrote. */
  db: Knex;
  call(method: string, path: string, options?: CallOptions): Promise<Answer>;
  /** As Dapr delivers: a structured CloudEvent to POST /events/<topic>. */
  deliver(event: CloudEvent, topic?: string): Promise<Answer>;
  stop(): Promise<void>;
}

/** The delay the component tests run with: long enough to see PENDING, short enough to wait out. */
export const DISPATCH_DELAY_SECONDS = 1;

export const contracts = new EventContracts(findContractsDirectory());

export const aCustomer = (id: string = randomUUID()): Identity => ({ 'x-user-id': id, 'x-user-roles': 'customer' });
export const anAdmin = (): Identity => ({ 'x-user-id': randomUUID(), 'x-user-roles': 'admin' });

export async function startShipping(env: Record<string, string> = {}): Promise<ShippingUnderTest> {
  const settings = { SHUTDOWN_GRACE_MS: '500', SCHEDULE_JOBS: 'false', DISPATCH_DELAY_SECONDS: String(DISPATCH_DELAY_SECONDS), ...env };
  const service = createShippingService(componentDatabaseConfig(shippingConfigSchema, 'shipping', settings));
  await service.start();
  const db = createDatabase(componentDatabaseUrl('shipping'), { min: 0, max: 2 });
  const baseUrl = `http://127.0.0.1:${service.port()}`;
  const send = rawSender(baseUrl);
  return {
    service,
    db,
    call: (method, path, { as = {}, body } = {}) =>
      send(method, path, { ...as, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, body === undefined ? undefined : JSON.stringify(body)),
    deliver: (event, topic = event.type) => send('POST', `/events/${topic}`, { 'content-type': 'application/cloudevents+json' }, JSON.stringify(event)),
    stop: async () => {
      await db.destroy();
      await service.stop();
    },
  };
}

export interface AnOrder {
  orderId: string;
  userId: string;
}

export const anOrder = (): AnOrder => ({ orderId: randomUUID(), userId: randomUUID() });

/** A contract-valid order.confirmed or order.cancelled event, as the order service publishes it. */
export function anOrderEvent(type: 'order.confirmed' | 'order.cancelled', order: AnOrder, fields: Record<string, unknown> = {}): CloudEvent<Record<string, unknown>> {
  return buildCloudEvent({
    type,
    source: 'order',
    subject: order.orderId,
    data: {
      orderId: order.orderId,
      userId: order.userId,
      customerEmail: `customer-${order.userId}@example.com`,
      items: [{ productId: randomUUID(), quantity: 2, priceCents: 1299 }],
      totalCents: 2598,
      currency: 'USD',
      occurredAt: new Date().toISOString(),
      ...(type === 'order.cancelled' ? { reason: 'cancelled_by_user' } : {}),
      ...fields,
    },
  });
}

export const shipmentRowsOf = (shipping: ShippingUnderTest, orderId: string) => shipping.db('shipments').where({ order_id: orderId });

/** Outbox rows about one order (the CloudEvent subject), oldest first. */
export const outboxRowsOf = (shipping: ShippingUnderTest, orderId: string) =>
  shipping.db('outbox').whereRaw(`event->>'subject' = ?`, [orderId]).orderBy('created_at').select('type', 'event');

/** An order confirmed and its PENDING shipment, read back by its owner. */
export async function givenPendingShipment(shipping: ShippingUnderTest, order: AnOrder = anOrder()) {
  const delivery = await shipping.deliver(anOrderEvent('order.confirmed', order));
  if (delivery.body?.status !== 'SUCCESS') throw new Error(`order.confirmed answered ${delivery.status}: ${JSON.stringify(delivery.body)}`);
  const answer = await shipping.call('GET', `/shipments?orderId=${order.orderId}`, { as: aCustomer(order.userId) });
  const shipment = answer.body?.[0] as { id: string; orderId: string; status: string; trackingNumber: string } | undefined;
  if (!shipment) throw new Error(`no shipment for order ${order.orderId}: ${JSON.stringify(answer.body)}`);
  return { order, shipment };
}

export const dispatchDue = (shipping: ShippingUnderTest) => shipping.call('POST', '/job/shipment-dispatch', { body: {} });
export const deliver = (shipping: ShippingUnderTest, shipmentId: string, as: Identity = anAdmin()) => shipping.call('POST', `/shipments/${shipmentId}/deliver`, { as });
export const pastDispatchDelay = () => new Promise((resolve) => setTimeout(resolve, DISPATCH_DELAY_SECONDS * 1_000 + 200));
