import { randomUUID } from 'node:crypto';
import { createDatabase, EventContracts, findContractsDirectory, type Knex } from '@shop/service-kit';
import { paymentConfigSchema } from '../../src/config';
import { createPaymentService, type PaymentService } from '../../src/service';

/** The payment service in-process on a free port, against the component environment's real Postgres and daprd. */
export interface PaymentUnderTest {
  service: PaymentService;
  /** A separate connection, for asserting on the state the service wrote. */
  db: Knex;
  call: (method: string, path: string, options?: CallOptions) => Promise<Answer>;
  stop: () => Promise<void>;
}

export interface CallOptions {
  as?: Identity;
  body?: unknown;
}

export interface Answer<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

export type Identity = Record<string, string>;

/** Short, so the slow-token tests stay fast while a refund still fits inside the delay. */
export const SLOW_TOKEN_DELAY_MS = 300;

export const contracts = new EventContracts(findContractsDirectory());

export const aCustomer = (id: string = randomUUID()): Identity => ({ 'x-user-id': id, 'x-user-roles': 'customer' });
export const anAdmin = (): Identity => ({ 'x-user-id': randomUUID(), 'x-user-roles': 'admin' });
/** How the checkout workflow calls: as the system, with no user id. */
export const theWorkflow: Identity = { 'x-user-roles': 'system' };

export function databaseUrl(): string {
  const url = process.env.COMPONENT_DATABASE_URL_PAYMENT;
  if (!url) throw new Error('COMPONENT_DATABASE_URL_PAYMENT is not set; run through the component project (global setup)');
  return url;
}

export function componentEnvironment(overrides: Record<string, string> = {}): Record<string, string | undefined> {
  return {
    SERVICE_NAME: 'payment',
    APP_PORT: '0',
    LOG_LEVEL: 'silent',
    SHUTDOWN_GRACE_MS: '2000',
    DATABASE_URL: databaseUrl(),
    DAPR_HTTP_PORT: process.env.COMPONENT_DAPR_HTTP_PORT,
    OUTBOX_RELAY_ENABLED: 'false',
    SLOW_TOKEN_DELAY_MS: String(SLOW_TOKEN_DELAY_MS),
    ...overrides,
  };
}

export async function startPayment(env: Record<string, string> = {}): Promise<PaymentUnderTest> {
  const service = createPaymentService(paymentConfigSchema.parse(componentEnvironment(env)));
  await service.start();
  const db = createDatabase(databaseUrl(), { min: 0, max: 4 });
  const baseUrl = `http://127.0.0.1:${service.port()}`;
  const call = async (method: string, path: string, { as, body }: CallOptions = {}): Promise<Answer> => {
    const response = await fetch(baseUrl + path, {
      method,
      headers: { ...as, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
  };
  return {
    service,
    db,
    call,
    stop: async () => {
      await db.destroy();
      await service.stop();
    },
  };
}

export interface ChargeRequest {
  orderId: string;
  userId: string;
  amountCents: number;
  currency: string;
  paymentToken: string;
}

export const aCharge = (overrides: Partial<ChargeRequest> = {}): ChargeRequest => ({
  orderId: randomUUID(),
  userId: randomUUID(),
  amountCents: 4999,
  currency: 'USD',
  paymentToken: 'tok_visa',
  ...overrides,
});

export const charge = (payment: PaymentUnderTest, body: unknown) => payment.call('POST', '/payments/charges', { as: theWorkflow, body });
export const refund = (payment: PaymentUnderTest, orderId: string, reason = 'cancelled_by_user') =>
  payment.call('POST', '/payments/refunds', { as: theWorkflow, body: { orderId, reason } });

export const paymentRowsOf = (payment: PaymentUnderTest, orderId: string) => payment.db('payments').where({ order_id: orderId });

export const historyOf = (payment: PaymentUnderTest, orderId: string) =>
  payment.db('payment_history as h').join('payments as p', 'p.id', 'h.payment_id').where('p.order_id', orderId).orderBy('h.id').select('h.status', 'h.reason', 'h.at');

export const outboxRowsOf = (payment: PaymentUnderTest, orderId: string) =>
  payment.db('outbox').whereRaw(`event->'data'->>'orderId' = ?`, [orderId]).orderBy('created_at');

export async function givenCharged(payment: PaymentUnderTest, overrides: Partial<ChargeRequest> = {}) {
  const request = aCharge(overrides);
  const answer = await charge(payment, request);
  if (answer.status !== 200) throw new Error(`charging answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  return { request, answer: answer.body as { outcome: string; paymentId?: string } };
}
