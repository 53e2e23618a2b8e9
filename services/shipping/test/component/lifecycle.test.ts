import { startShipping } from './shipping-under-test';

describe('lifecycle', () => {
  test('when the service has started, then it is ready (database and sidecar) and subscribes to order.confirmed and order.cancelled', async () => {
    const shipping = await startShipping();

    const ready = await shipping.call('GET', '/readyz');
    const subscriptions = await shipping.call('GET', '/dapr/subscribe');
    await shipping.stop();

    expect(ready.status).toBe(200);
    expect(subscriptions.body.map((s: { topic: string; route: string }) => [s.topic, s.route])).toEqual([
      ['order.confirmed', '/events/order.confirmed'],
      ['order.cancelled', '/events/order.cancelled'],
    ]);
  });
});
