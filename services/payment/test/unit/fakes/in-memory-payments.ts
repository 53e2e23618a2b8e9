import { randomUUID } from 'node:crypto';
import type { ChargeDeps } from '../../../src/domain/charge-payment';
import type { PageSlice } from '@shop/service-kit';
import type { ChargedPayment, NewCharge, Payment } from '../../../src/domain/payment';
import type { InTransaction, PaymentEvent, PaymentLedger, PaymentQueries } from '../../../src/domain/ports';

/** The payment ports in memory, for unit tests of the use cases (one order, one row, as the database enforces). */
export class InMemoryPayments implements PaymentQueries {
  readonly rows = new Map<string, Payment>();
  readonly events: PaymentEvent[] = [];

  async findByOrderId(orderId: string): Promise<Payment | undefined> {
    return this.rows.get(orderId);
  }

  async findChargedByOrderId(orderId: string): Promise<ChargedPayment | undefined> {
    const payment = this.rows.get(orderId);
    return payment?.status === 'VOIDED' ? undefined : payment;
  }

  async listCharged(slice: PageSlice): Promise<{ items: ChargedPayment[]; total: number }> {
    const charged = [...this.rows.values()].filter((p): p is ChargedPayment => p.status !== 'VOIDED');
    return { items: charged.slice(slice.offset, slice.offset + slice.limit), total: charged.length };
  }

  readonly inTransaction: InTransaction = async (work) => work(this.ledger());

  private ledger(): PaymentLedger {
    return {
      insertUnlessExists: async (charge: NewCharge) => {
        const existing = this.rows.get(charge.orderId);
        if (existing) return { isNew: false, payment: existing };
        const stored = { id: randomUUID(), createdAt: new Date(), updatedAt: new Date() };
        const payment: ChargedPayment = charge.status === 'DECLINED' ? { ...charge, ...stored } : { ...charge, ...stored, declineReason: null };
        this.rows.set(charge.orderId, payment);
        return { isNew: true, payment };
      },
      lockByOrderId: async (orderId) => this.rows.get(orderId),
      insertVoidedIfFirst: async (orderId) => {
        if (this.rows.has(orderId)) return false;
        this.rows.set(orderId, { id: randomUUID(), orderId, userId: null, amountCents: 0, currency: 'USD', status: 'VOIDED', createdAt: new Date(), updatedAt: new Date() });
        return true;
      },
      markRefunded: async (paymentId) => {
        const payment = [...this.rows.values()].find((p) => p.id === paymentId);
        if (payment?.status !== 'CAPTURED') return undefined;
        const refunded: ChargedPayment = { ...payment, status: 'REFUNDED', updatedAt: new Date() };
        this.rows.set(payment.orderId, refunded);
        return refunded;
      },
      recordEvent: async (event) => {
        this.events.push(event);
      },
    };
  }
}

export function chargeDeps(payments = new InMemoryPayments()): ChargeDeps & { payments: InMemoryPayments; slept: number[] } {
  const slept: number[] = [];
  return {
    payments,
    inTransaction: payments.inTransaction,
    sleep: async (ms) => {
      slept.push(ms);
    },
    slowTokenDelayMs: 3_000,
    log: { info: () => undefined },
    slept,
  };
}
