import { randomUUID } from 'node:crypto';
import { createDatabase, EventContracts, findContractsDirectory, type Knex } from '@shop/service-kit';
import { componentDatabaseConfig, componentDatabaseUrl, httpCaller, type Call, type Identity } from '../../../../test/component-setup/harness';
import { paymentConfigSchema } from '../../src/config';
import { createPaymentService, type PaymentOverrides, type PaymentService } from '../../src/service';

export { aCustomer, anAdmin, type Answer, type CallOptions, type Identity } from '../../../../test/component-setup/harness';

/** The payment service in-process on a free port, against the component environment's real Postgres and daprd. */
export interface PaymentUnderTest {
  service: PaymentService;
  /** A separate connection, for asserting on the state the service wrote. */
  db: Knex;
  call: Call;
  stop: () => Promise<void>;
}

/** Short, so the slow-token tests stay fast while a refund still fits inside the delay. */
export const SLOW_TOKEN_DELAY_MS = 300;

export const contracts = new EventContracts(findContractsDirectory());

/**
 * The simulated processor's wait for a tok_slow charge, held until the test lets it answer (one charge per instance).
 * A refund sent while the charge `waiting` is then one that arrives during the wait by construction, however slowly
 * the machine runs, not one that merely has to fit inside SLOW_TOKEN_DELAY_MS.
 */
export class HeldProcessor {
  private letGo: () => void = () => undefined;
  private entered: () => void = () => undefined;
  private readonly released = new Promise<void>((resolve) => (this.letGo = resolve));
  /** Resolves once a charge is inside the processor's wait. */
  readonly waiting = new Promise<void>((resolve) => (this.entered = resolve));

  readonly sleep = (_ms: number): Promise<void> => {
    this.entered();
    return this.released;
  };

  answer(): void {
    this.letGo();
  }
}

/** How the checkout workflow calls: as the system, with no user id. */
export const theWorkflow: Identity = { 'x-user-roles': 'system' };

export const databaseUrl = (): string => componentDatabaseUrl('payment');

export async function startPayment(env: Record<string, string> = {}, overrides: PaymentOverrides = {}): Promise<PaymentUnderTest> {
  const settings = { SHUTDOWN_GRACE_MS: '2000', SLOW_TOKEN_DELAY_MS: String(SLOW_TOKEN_DELAY_MS), ...env };
  const service = createPaymentService(componentDatabaseConfig(paymentConfigSchema, 'payment', settings), overrides);
  await service.start();
  const db = createDatabase(databaseUrl(), { min: 0, max: 4 });
  const call = httpCaller(`http://127.0.0.1:${service.port()}`);
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
