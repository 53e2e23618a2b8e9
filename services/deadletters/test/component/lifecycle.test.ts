import { startDeadLetters } from './deadletters-under-test';

describe('lifecycle', () => {
  test('when the service has started, then it is healthy, ready, serves metrics, and subscribes to the dead-letter topic without a dead-letter topic of its own', async () => {
    const office = await startDeadLetters();

    const ready = await office.call('GET', '/readyz');
    const subscriptions = await office.call('GET', '/dapr/subscribe');
    const health = await office.call('GET', '/healthz');
    const metrics = await fetch(`http://127.0.0.1:${office.service.port()}/metrics`);
    const exposition = await metrics.text();
    await office.stop();

    expect(ready.status).toBe(200);
    expect(health.status).toBe(200);
    expect(metrics.status).toBe(200);
    expect(exposition).toContain('http_requests');
    expect(subscriptions.body).toEqual([{ pubsubname: 'pubsub', topic: 'deadletter', route: '/events/deadletter' }]);
  });
});
