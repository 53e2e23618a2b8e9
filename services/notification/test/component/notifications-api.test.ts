import { aCustomer, anOrderEvent, callerHeaders, startNotification, type NotificationUnderTest } from './notification-under-test';

let notification: NotificationUnderTest;

beforeAll(async () => {
  notification = await startNotification();
});

afterAll(async () => {
  await notification.stop();
});

describe('GET /notifications', () => {
  it("when a customer lists their notifications, then they see their own, newest first, and not another customer's", async () => {
    const [ann, bob] = [aCustomer(), aCustomer()];
    await notification.deliver(anOrderEvent('order.confirmed', ann));
    await notification.deliver(anOrderEvent('order.shipped', ann));
    await notification.deliver(anOrderEvent('order.confirmed', bob));

    const listed = await notification.call('GET', '/notifications', callerHeaders(ann));

    expect(listed.status).toBe(200);
    expect(listed.body).toEqual([
      { id: expect.any(String), channel: 'email', template: 'order-shipped', to: ann.email, subject: expect.stringMatching(/has shipped$/), sentAt: expect.any(String) },
      { id: expect.any(String), channel: 'email', template: 'order-confirmed', to: ann.email, subject: expect.stringMatching(/is confirmed$/), sentAt: expect.any(String) },
    ]);
  });

  it('when a customer without notifications lists them, then the list is empty', async () => {
    const listed = await notification.call('GET', '/notifications', callerHeaders(aCustomer()));

    expect(listed).toEqual({ status: 200, body: [] });
  });

  it('when the caller is anonymous, then it is 401', async () => {
    const listed = await notification.call('GET', '/notifications');

    expect(listed.status).toBe(401);
  });
});
