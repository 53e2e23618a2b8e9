import { notifyCustomer, NotificationsNotSent, RecipientUnknown, type CustomerEvent } from '../../src/domain/notify-customer';
import type { Contact } from '../../src/domain/notification';
import { fakeDeps } from './fake-ports';

const USER = '7b0d6f6e-3d43-4f4e-9a43-2f5b1c1f0a01';
const ORDER = '3f2a9c1e-5b7d-4e21-9c1a-0d6f1b2c3d4e';

const orderConfirmed = (eventId: string, contact: Contact = { email: 'ann@example.com' }): CustomerEvent => ({
  eventId,
  userId: USER,
  input: { template: 'order-confirmed', order: { orderId: ORDER, items: [{ productId: 'p', quantity: 1, priceCents: 999 }], totalCents: 999, currency: 'USD' } },
  contact,
  occurredAt: '2026-01-01T00:00:00.000Z',
});

const refundIssued = (eventId: string): CustomerEvent => ({
  eventId,
  userId: USER,
  input: { template: 'refund-issued', refund: { orderId: ORDER, amountCents: 999, currency: 'USD' } },
});

describe('notifyCustomer', () => {
  it('when an order event arrives, then one email is recorded and sent to the address it carries', async () => {
    const deps = fakeDeps();

    await notifyCustomer(orderConfirmed('e1'), deps);

    expect(deps.channels.email.sent).toEqual([expect.objectContaining({ to: 'ann@example.com', subject: 'Your order #3F2A9C1E is confirmed' })]);
    expect(deps.channels.sms.sent).toEqual([]);
    expect(await deps.notifications.listSent(USER)).toHaveLength(1);
  });

  it('when the same event is delivered again after it was sent, then nothing is sent a second time', async () => {
    const deps = fakeDeps();
    await notifyCustomer(orderConfirmed('e1'), deps);

    await notifyCustomer(orderConfirmed('e1'), deps);

    expect(deps.channels.email.sent).toHaveLength(1);
    expect(deps.notifications.rows).toHaveLength(1);
  });

  it('when the send fails, then the delivery fails (so it is redelivered) and the redelivery sends it once', async () => {
    const deps = fakeDeps();
    deps.channels.email.failures = 1;

    const first = notifyCustomer(orderConfirmed('e1'), deps);

    await expect(first).rejects.toBeInstanceOf(NotificationsNotSent);
    expect(deps.channels.email.sent).toHaveLength(0);
    await notifyCustomer(orderConfirmed('e1'), deps);
    expect(deps.channels.email.sent).toHaveLength(1);
    expect(deps.notifications.rows).toHaveLength(1);
  });

  it('when the event carries a phone number, then the customer is emailed and texted', async () => {
    const deps = fakeDeps();

    await notifyCustomer(orderConfirmed('e1', { email: 'ann@example.com', phone: '+15550100' }), deps);

    expect(deps.channels.email.sent).toHaveLength(1);
    expect(deps.channels.sms.sent).toEqual([expect.objectContaining({ to: '+15550100', body: 'Shop: Your order #3F2A9C1E is confirmed.' })]);
  });

  it('when a refund arrives for a customer an order event introduced, then the refund is emailed to that address', async () => {
    const deps = fakeDeps();
    await notifyCustomer(orderConfirmed('e1'), deps);

    await notifyCustomer(refundIssued('e2'), deps);

    expect(deps.channels.email.sent.map((message) => message.template)).toEqual(['order-confirmed', 'refund-issued']);
    expect(deps.channels.email.sent[1]?.to).toBe('ann@example.com');
  });

  it('when a refund arrives before any order event of its customer, then it fails to be retried and records nothing', async () => {
    const deps = fakeDeps();

    const delivery = notifyCustomer(refundIssued('e2'), deps);

    await expect(delivery).rejects.toBeInstanceOf(RecipientUnknown);
    expect(deps.notifications.events.size).toBe(0);
  });
});
