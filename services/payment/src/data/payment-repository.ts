import type { Knex } from '@shop/service-kit';
import type { PageSlice } from '@shop/service-kit';
import type { ChargedPayment, DeclineReason, NewCharge, Payment, PaymentStatus } from '../domain/payment';
import type { PaymentLedger, PaymentQueries } from '../domain/ports';

type PaymentWrites = Omit<PaymentLedger, 'recordEvent'>;

interface PaymentRow {
  id: string;
  order_id: string;
  user_id: string | null;
  amount_cents: number;
  currency: string;
  status: PaymentStatus;
  decline_reason: DeclineReason | null;
  token_brand: string | null;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = ['id', 'order_id', 'user_id', 'amount_cents', 'currency', 'status', 'decline_reason', 'token_brand', 'created_at', 'updated_at'];

function toPayment(row: PaymentRow): Payment {
  const fields = { id: row.id, orderId: row.order_id, amountCents: row.amount_cents, currency: row.currency, createdAt: row.created_at, updatedAt: row.updated_at };
  if (row.status === 'VOIDED') return { ...fields, status: 'VOIDED', userId: null };
  // The table's constraints give every charged row a user and a card, and every DECLINED row (only those) a reason.
  if (row.user_id === null || row.token_brand === null) throw new Error(`payment ${row.id} is ${row.status} without a user or card`);
  const charged = { ...fields, userId: row.user_id, tokenBrand: row.token_brand };
  if (row.status !== 'DECLINED') return { ...charged, status: row.status, declineReason: null };
  if (row.decline_reason === null) throw new Error(`payment ${row.id} is DECLINED without a reason`);
  return { ...charged, status: 'DECLINED', declineReason: row.decline_reason };
}

function toChargedPayment(row: PaymentRow): ChargedPayment {
  const payment = toPayment(row);
  if (payment.status === 'VOIDED') throw new Error(`payment ${row.id} is VOIDED where a charged payment was expected`);
  return payment;
}

/** Reads and writes of the payments table; `db` may be a transaction, so the same queries run inside a unit of work. */
export class PaymentRepository implements PaymentQueries, PaymentWrites {
  constructor(private readonly db: Knex) {}

  async findByOrderId(orderId: string): Promise<Payment | undefined> {
    const row = await this.db<PaymentRow>('payments').where({ order_id: orderId }).first();
    return row && toPayment(row);
  }

  async findChargedByOrderId(orderId: string): Promise<ChargedPayment | undefined> {
    const row = await this.db<PaymentRow>('payments').where({ order_id: orderId }).whereNot({ status: 'VOIDED' }).first();
    return row && toChargedPayment(row);
  }

  async listCharged(slice: PageSlice): Promise<{ items: ChargedPayment[]; total: number }> {
    const charged = this.db<PaymentRow>('payments').whereNot({ status: 'VOIDED' });
    const [rows, counted] = await Promise.all([
      charged.clone().select('*').orderBy([{ column: 'created_at', order: 'desc' }, { column: 'id' }]).limit(slice.limit).offset(slice.offset),
      charged.clone().count<{ count: number }[]>({ count: '*' }),
    ]);
    return { items: rows.map(toChargedPayment), total: Number(counted[0]?.count ?? 0) };
  }

  async lockByOrderId(orderId: string): Promise<Payment | undefined> {
    const row = await this.db<PaymentRow>('payments').where({ order_id: orderId }).forUpdate().first();
    return row && toPayment(row);
  }

  /** ON CONFLICT DO NOTHING waits for a concurrent insert of the same order to commit, then yields to it without an error. */
  async insertUnlessExists(charge: NewCharge): Promise<{ isNew: true; payment: ChargedPayment } | { isNew: false; payment: Payment }> {
    const declineReason = charge.status === 'DECLINED' ? charge.declineReason : null;
    const [row] = (await this.db('payments')
      .insert({
        order_id: charge.orderId,
        user_id: charge.userId,
        amount_cents: charge.amountCents,
        currency: charge.currency,
        status: charge.status,
        decline_reason: declineReason,
        token_brand: charge.tokenBrand,
      })
      .onConflict('order_id')
      .ignore()
      .returning(COLUMNS)) as PaymentRow[];
    if (row) {
      await this.appendHistory(row.id, row.status, declineReason);
      return { isNew: true, payment: toChargedPayment(row) };
    }
    const existing = await this.findByOrderId(charge.orderId);
    if (!existing) throw new Error(`order ${charge.orderId} has a conflicting payment that cannot be read`);
    return { isNew: false, payment: existing };
  }

  async insertVoidedIfFirst(orderId: string, reason: string): Promise<boolean> {
    const [row] = (await this.db('payments')
      .insert({ order_id: orderId, user_id: null, amount_cents: 0, currency: 'USD', status: 'VOIDED' })
      .onConflict('order_id')
      .ignore()
      .returning(['id'])) as { id: string }[];
    if (row) await this.appendHistory(row.id, 'VOIDED', reason);
    return Boolean(row);
  }

  async markRefunded(paymentId: string, reason: string): Promise<ChargedPayment | undefined> {
    const [row] = (await this.db('payments')
      .where({ id: paymentId, status: 'CAPTURED' })
      .update({ status: 'REFUNDED', updated_at: this.db.fn.now() })
      .returning(COLUMNS)) as PaymentRow[];
    if (!row) return undefined;
    await this.appendHistory(row.id, 'REFUNDED', reason);
    return toChargedPayment(row);
  }

  private async appendHistory(paymentId: string, status: PaymentStatus, reason: string | null): Promise<void> {
    await this.db('payment_history').insert({ payment_id: paymentId, status, reason });
  }
}
