import {
  aCustomer,
  anOrderEvent,
  aRefundEvent,
  inboxRows,
  messagesTo,
  notificationRows,
  startNotification,
  type NotificationUnderTest,
} from './notification-under-test';

let notification: NotificationUnderTest;

beforeAll(async () => {
  notification = await startNotification();
});

afterAll(async () => {
  await notification.stop();
});

describe('order and payment events', () => {
  it('when an order is confirmed, then the customer is emailed through the email binding and the notification is recorded as sent', async () => {
    const customer = aCustomer();
    const event = anOrderEvent('order.confirmed', customer);

    const delivery = await notification.deliver(event);

    expect(delivery).toEqual({ status: 200, body: { status: 'SUCCESS' } });
    const rows = await notificationRows(notification.db, event.id);
    expect(rows).toEqual([
      expect.objectContaining({ user_id: customer.id, channel: 'email', template: 'order-confirmed', recipient: customer.email, sent_at: expect.any(Date), attempts: 1 }),
    ]);
    const emails = await messagesTo(customer.email);
    expect(emails).toEqual([expect.objectContaining({ channel: 'email', from: 'shop@shop.local', to: [customer.email], subject: rows[0].subject })]);
    expect(emails[0]?.text).toContain('Total: $30.48');
    expect(emails[0]?.html).toContain('<strong>Total: $30.48</strong>');
  });

  it('when the same event is delivered twice, then there is one notification and one email', async () => {
    const customer = aCustomer();
    const event = anOrderEvent('order.shipped', customer);

    const first = await notification.deliver(event);
    const second = await notification.deliver(event);

    expect([first.body, second.body]).toEqual([{ status: 'SUCCESS' }, { status: 'SUCCESS' }]);
    expect(await notificationRows(notification.db, event.id)).toHaveLength(1);
    expect(await messagesTo(customer.email)).toHaveLength(1);
  });

  it('when the same event is delivered five times at once, then there is one notification and one email', async () => {
    const customer = aCustomer();
    const event = anOrderEvent('order.delivered', customer);

    const deliveries = await Promise.all(Array.from({ length: 5 }, () => notification.deliver(event)));

    expect(deliveries.map((delivery) => delivery.status)).toEqual([200, 200, 200, 200, 200]);
    expect(await notificationRows(notification.db, event.id)).toHaveLength(1);
    const emails = await messagesTo(customer.email);
    expect(emails).toHaveLength(1);
    expect(emails[0]?.subject).toMatch(/^Your order #[0-9A-F]{8} was delivered$/);
  });

  it('when an event breaks its contract, then it is dropped and nothing is recorded or sent', async () => {
    const customer = aCustomer();
    const event = anOrderEvent('order.confirmed', customer, { totalCents: 'thirty' });

    const delivery = await notification.deliver(event);

    expect(delivery).toEqual({ status: 200, body: { status: 'DROP' } });
    expect(await notificationRows(notification.db, event.id)).toEqual([]);
    expect(await inboxRows(notification.db, event.id)).toEqual([]);
    expect(await messagesTo(customer.email)).toEqual([]);
  });

  it('when an order is cancelled, then the email gives the reason in words', async () => {
    const customer = aCustomer();
    const event = anOrderEvent('order.cancelled', customer, { reason: 'out_of_stock' });

    const delivery = await notification.deliver(event);

    expect(delivery.body).toEqual({ status: 'SUCCESS' });
    const [email] = await messagesTo(customer.email);
    expect(email?.subject).toMatch(/was cancelled$/);
    expect(email?.text).toContain('because some of the items are out of stock');
  });

  it('when a payment is refunded, then the refund is emailed to the address the order events gave', async () => {
    const customer = aCustomer();
    const cancelled = anOrderEvent('order.cancelled', customer, { reason: 'cancelled_by_user' });
    await notification.deliver(cancelled);

    const delivery = await notification.deliver(aRefundEvent(customer, String(cancelled.data.orderId), 3048));

    expect(delivery.body).toEqual({ status: 'SUCCESS' });
    const subjects = (await messagesTo(customer.email)).map((email) => email.subject);
    expect(subjects).toEqual([expect.stringMatching(/was cancelled$/), expect.stringMatching(/^Your refund for order #[0-9A-F]{8} is on its way$/)]);
  });

  it('when a refund arrives before any order event of its customer, then the delivery fails so Dapr retries it, and nothing is recorded', async () => {
    const customer = aCustomer();
    const refund = aRefundEvent(customer, '3f2a9c1e-5b7d-4e21-9c1a-0d6f1b2c3d4e');

    const delivery = await notification.deliver(refund);

    expect(delivery.status).toBeGreaterThanOrEqual(500);
    expect(await inboxRows(notification.db, refund.id)).toEqual([]);
  });

  it('when Dapr asks what to deliver, then the service subscribes to the order and refund topics', async () => {
    const subscriptions = await notification.call('GET', '/dapr/subscribe');

    expect(subscriptions.body.map((s: { topic: string }) => s.topic).sort()).toEqual([
      'order.cancelled',
      'order.confirmed',
      'order.delivered',
      'order.shipped',
      'payment.refunded',
    ]);
  });
});

describe('a send that fails', () => {
  it('when the email binding fails, then the delivery fails, the notification stays pending, and the redelivery sends it once', async () => {
    const broken = await startNotification({ EMAIL_BINDING: 'no-such-binding' });
    const customer = aCustomer();
    const event = anOrderEvent('order.confirmed', customer);

    const failed = await broken.deliver(event).finally(() => broken.stop());

    expect(failed.status).toBeGreaterThanOrEqual(500);
    expect(await notificationRows(notification.db, event.id)).toEqual([expect.objectContaining({ sent_at: null, attempts: 1, last_error: expect.stringContaining('no-such-binding') })]);
    expect(await messagesTo(customer.email)).toEqual([]);
    const redelivered = await notification.deliver(event);
    expect(redelivered.body).toEqual({ status: 'SUCCESS' });
    expect(await notificationRows(notification.db, event.id)).toEqual([expect.objectContaining({ sent_at: expect.any(Date), attempts: 2, last_error: null })]);
    expect(await messagesTo(customer.email)).toHaveLength(1);
  });
});
