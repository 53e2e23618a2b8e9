import { aCustomer, anOrderEvent, messagesTo, startNotification, type NotificationUnderTest } from './notification-under-test';

/**
 * Notification takes no text from requests, only events. An event whose id or text Postgres cannot store (NUL; an
 * unpaired surrogate, "\ud800" in JSON) is dropped to the dead-letter topic at once: retrying it could only fail again.
 */
let notification: NotificationUnderTest;

beforeAll(async () => {
  notification = await startNotification();
});

afterAll(async () => {
  await notification.stop();
});

describe('events Postgres cannot store', () => {
  test.each([
    ['a NUL character', '\u0000'],
    ['a lone surrogate', '\uD800'],
  ])('when an order event\'s id holds %s, then it is dropped and nothing is recorded or sent', async (_case, text) => {
    const customer = aCustomer();
    const event = anOrderEvent('order.confirmed', customer);

    const delivery = await notification.deliver({ ...event, id: `${event.id}${text}` });

    expect(delivery).toEqual({ status: 200, body: { status: 'DROP' } });
    expect(await notification.db('notifications').where({ user_id: customer.id })).toEqual([]);
    expect(await messagesTo(customer.email)).toEqual([]);
  });
});
