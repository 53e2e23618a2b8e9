import { randomUUID } from 'node:crypto';
import { createDatabase, type Knex } from '@shop/service-kit';
import Redis from 'ioredis';
import { aCustomer, anAdmin, componentDatabaseConfig, componentDatabaseUrl, rawSender, type Identity, type Reply } from '../../../../test/component-setup/harness';
import { deadLettersConfigSchema } from '../../src/config';
import { createDeadLettersService, type DeadLettersService } from '../../src/service';

export { aCustomer, anAdmin };

export type Envelope = Record<string, unknown>;

/** The dead-letter office in-process on a free port, against the component environment's real Postgres and daprd. */
export interface DeadLettersUnderTest {
  service: DeadLettersService;
  /** A separate connection, for asserting on the state the service wrote. */
  db: Knex;
  call(method: string, path: string, options?: { as?: Identity; body?: unknown }): Promise<Reply>;
  /** As the sidecar delivers a dead letter: the original CloudEvent to POST /events/deadletter. */
  deliver(envelope: Envelope): Promise<Reply>;
  stop(): Promise<void>;
}

export async function startDeadLetters(settings: Record<string, string> = {}): Promise<DeadLettersUnderTest> {
  const service = createDeadLettersService(componentDatabaseConfig(deadLettersConfigSchema, 'deadletters', settings));
  await service.start();
  const db = createDatabase(componentDatabaseUrl('deadletters'), { min: 0, max: 2 });
  const send = rawSender(`http://127.0.0.1:${service.port()}`);
  return {
    service,
    db,
    call: (method, path, { as = anAdmin(), body } = {}) =>
      send(method, path, { ...as, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, body === undefined ? undefined : JSON.stringify(body)),
    deliver: (envelope) => send('POST', '/events/deadletter', { 'content-type': 'application/cloudevents+json' }, JSON.stringify(envelope)),
    stop: async () => {
      await db.destroy();
      await service.stop();
    },
  };
}

/**
 * A CloudEvent as it reaches the dead-letter topic: the publisher's envelope with what its sidecar added (topic,
 * pubsubname, trace context), and data that broke the subscriber's contract.
 */
export const aDeadLetter = (fields: Envelope = {}): Envelope => ({
  specversion: '1.0',
  id: randomUUID(),
  source: 'order',
  type: 'order.confirmed',
  time: new Date().toISOString(),
  datacontenttype: 'application/json',
  dataschema: 'contracts/events/order.confirmed.v1.json',
  subject: randomUUID(),
  data: { orderId: 'not-a-uuid', totalCents: 'twenty' },
  topic: 'order.confirmed',
  pubsubname: 'pubsub',
  traceid: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
  traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
  tracestate: '',
  ...fields,
});

/** A topic of its own, so a test's list is not disturbed by the records of tests running beside it. */
export const aTopic = () => `component.${randomUUID()}`;

export const rowsOf = (office: DeadLettersUnderTest, eventId: string) => office.db('dead_letters').where({ event_id: eventId });

/** Outbox rows holding a replay of one event. */
export const replaysOf = (office: DeadLettersUnderTest, eventId: string) =>
  office.db('outbox').whereRaw(`event->>'id' = ?`, [eventId]).orderBy('created_at').select('id', 'type', 'event', 'published_at');

/** Stored a dead letter through the subscription and read back its record id as an admin lists it. */
export async function givenDeadLetter(office: DeadLettersUnderTest, envelope: Envelope = aDeadLetter()): Promise<{ id: string; envelope: Envelope }> {
  const delivery = await office.deliver(envelope);
  if (delivery.body?.status !== 'SUCCESS') throw new Error(`the delivery answered ${delivery.status}: ${JSON.stringify(delivery.body)}`);
  const [row] = await rowsOf(office, envelope.id as string);
  if (!row) throw new Error(`no dead letter stored for ${String(envelope.id)}`);
  return { id: row.id as string, envelope };
}

/**
 * What the broker holds on a topic for one event id: the messages daprd wrote to the Redis stream named after the
 * topic (entries `data` = the CloudEvent, `metadata`), read from the component environment's Redis.
 */
export async function messagesOnTopic(topic: string, eventId: string): Promise<Envelope[]> {
  const redis = new Redis(process.env.COMPONENT_REDIS_URL!, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    const entries = await redis.xrange(topic, '-', '+');
    return entries
      .map(([, fields]) => JSON.parse(fields[fields.indexOf('data') + 1] ?? 'null') as Envelope)
      .filter((event) => event?.id === eventId);
  } finally {
    redis.disconnect();
  }
}

export async function eventually<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${what} did not happen within ${timeoutMs} ms`);
}
