import { randomUUID } from 'node:crypto';
import { buildCloudEvent, createDatabase, type CloudEvent, type Knex } from '@shop/service-kit';
import { componentDatabaseConfig, componentDatabaseUrl, rawSender, type Reply } from '../../../../test/component-setup/harness';
import { notificationConfigSchema } from '../../src/config';
import { createNotificationService, type NotificationOverrides, type NotificationService } from '../../src/service';

/** The notification service in-process on a free port, against the component environment's Postgres, daprd and sink. */
export interface NotificationUnderTest {
  service: NotificationService;
  /** A separate connection, for asserting on what the service recorded. */
  db: Knex;
  deliver(event: CloudEvent, topic?: string): Promise<Answer>;
  call(method: string, path: string, as?: Record<string, string>): Promise<Answer>;
  stop(): Promise<void>;
}

export type Answer = Reply;

export async function startNotification(env: Record<string, string> = {}, overrides: NotificationOverrides = {}): Promise<NotificationUnderTest> {
  const service = createNotificationService(componentDatabaseConfig(notificationConfigSchema, 'notification', env), overrides);
  await service.start();
  const db = createDatabase(componentDatabaseUrl('notification'), { min: 0, max: 2 });
  const base = `http://127.0.0.1:${service.port()}`;
  const send = rawSender(base);
  return {
    service,
    db,
    // As Dapr delivers: structured CloudEvents to POST /events/<topic>.
    deliver: (event, topic = event.type) => send('POST', `/events/${topic}`, { 'content-type': 'application/cloudevents+json' }, JSON.stringify(event)),
    call: (method, path, as = {}) => send(method, path, as),
    stop: async () => {
      await db.destroy();
      await service.stop();
    },
  };
}

export const aCustomer = () => ({ id: randomUUID(), email: `customer-${randomUUID()}@example.com` });

export const callerHeaders = (customer: { id: string; email: string }) => ({
  'x-user-id': customer.id,
  'x-user-roles': 'customer',
  'x-user-email': customer.email,
});

type OrderTopic = 'order.confirmed' | 'order.cancelled' | 'order.shipped' | 'order.delivered';

export function anOrderEvent(type: OrderTopic, customer: { id: string; email: string }, fields: Record<string, unknown> = {}): CloudEvent<Record<string, unknown>> {
  return buildCloudEvent({
    type,
    source: 'order',
    data: {
      orderId: randomUUID(),
      userId: customer.id,
      customerEmail: customer.email,
      items: [
        { productId: randomUUID(), quantity: 2, priceCents: 1299 },
        { productId: randomUUID(), quantity: 1, priceCents: 450 },
      ],
      totalCents: 3048,
      currency: 'USD',
      occurredAt: new Date().toISOString(),
      ...(type === 'order.cancelled' ? { reason: 'payment_declined' } : {}),
      ...fields,
    },
  });
}

export function aRefundEvent(customer: { id: string }, orderId: string, amountCents = 3048): CloudEvent<Record<string, unknown>> {
  return buildCloudEvent({
    type: 'payment.refunded',
    source: 'payment',
    data: { paymentId: randomUUID(), orderId, userId: customer.id, amountCents, currency: 'USD' },
  });
}

export interface SinkMessage {
  id: string;
  channel: 'email' | 'sms';
  from?: string;
  to: string[] | string;
  subject?: string;
  text?: string;
  html?: string;
}

/** What the component environment's message sink received for this recipient. */
export async function messagesTo(recipient: string, channel: 'email' | 'sms' = 'email'): Promise<SinkMessage[]> {
  const port = process.env.COMPONENT_SMS_SINK_PORT;
  if (!port) throw new Error('COMPONENT_SMS_SINK_PORT is not set; run through the component project (global setup)');
  const response = await fetch(`http://127.0.0.1:${port}/messages?to=${encodeURIComponent(recipient)}&channel=${channel}`);
  return (await response.json()) as SinkMessage[];
}

export async function notificationRows(db: Knex, eventId: string) {
  return db('notifications').where({ event_id: eventId }).orderBy('channel');
}

export async function inboxRows(db: Knex, eventId: string) {
  return db('inbox').where({ event_id: eventId });
}
