import { randomUUID } from 'node:crypto';
import { buildCloudEvent, createDatabase, EventContracts, findContractsDirectory, type CloudEvent, type Knex } from '@shop/service-kit';
import { componentDatabaseConfig, componentDatabaseUrl, rawSender, type Reply } from '../../../../test/component-setup/harness';
import { userConfigSchema } from '../../src/config';
import { createUserService, type UserService } from '../../src/service';

/** The user service in-process on a free port, against the component environment's real Postgres and daprd. */
export interface UserUnderTest {
  service: UserService;
  /** A separate connection, for asserting on the state the service wrote. */
  db: Knex;
  call(method: string, path: string, options?: { as?: Customer; body?: unknown }): Promise<Answer>;
  deliver(event: CloudEvent): Promise<Answer>;
  stop(): Promise<void>;
}

export type Answer = Reply;

export interface Customer {
  id: string;
  email: string;
}

export const contracts = new EventContracts(findContractsDirectory());

export async function startUser(env: Record<string, string> = {}): Promise<UserUnderTest> {
  const service = createUserService(componentDatabaseConfig(userConfigSchema, 'user', env));
  await service.start();
  const db = createDatabase(componentDatabaseUrl('user'), { min: 0, max: 2 });
  const base = `http://127.0.0.1:${service.port()}`;
  const send = rawSender(base);
  return {
    service,
    db,
    call: (method, path, { as, body } = {}) =>
      send(method, path, { ...(as ? callerHeaders(as) : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, body === undefined ? undefined : JSON.stringify(body)),
    // As Dapr delivers: structured CloudEvents to POST /events/<topic>.
    deliver: (event) => send('POST', `/events/${event.type}`, { 'content-type': 'application/cloudevents+json' }, JSON.stringify(event)),
    stop: async () => {
      await db.destroy();
      await service.stop();
    },
  };
}

export const aCustomer = (): Customer => ({ id: randomUUID(), email: `grace-${randomUUID().slice(0, 8)}@example.com` });

export const callerHeaders = (customer: Customer) => ({ 'x-user-id': customer.id, 'x-user-roles': 'customer', 'x-user-email': customer.email });

export function aRegistration(customer: Customer, name = 'Grace Hopper', registeredAt = new Date()): CloudEvent<Record<string, unknown>> {
  return buildCloudEvent({ type: 'user.registered', source: 'auth', data: { userId: customer.id, email: customer.email, name, registeredAt: registeredAt.toISOString() } });
}

export const anAddress = (fields: Record<string, unknown> = {}) => ({ line1: 'Unter den Linden 1', city: 'Berlin', postalCode: '10117', country: 'DE', ...fields });

export const profileRow = (db: Knex, userId: string) => db('profiles').where({ user_id: userId }).first();

export const outboxRows = (db: Knex, userId: string) =>
  db('outbox').where({ type: 'user.profile.updated' }).whereRaw("event->'data'->>'userId' = ?", [userId]).orderBy('created_at');
