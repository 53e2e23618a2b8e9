import path from 'node:path';
import type { CloudEvent } from '../../src/events/cloud-event';
import { EventContracts } from '../../src/events/contracts';
import { subscriptionRoutes } from '../../src/events/subscriptions';
import { createHttpApp } from '../../src/http/app';
import { listen, type RunningServer } from '../../src/http/server';
import { createLogger } from '../../src/logger';

describe('subscriptions', () => {
  let server: RunningServer;
  let url: string;
  const handled: CloudEvent[] = [];

  beforeAll(async () => {
    const contracts = new EventContracts(path.join(__dirname, '../../../../contracts/events'));
    const log = createLogger('subscriptions-test', 'silent');
    const routes = subscriptionRoutes([{ topic: 'inventory.low_stock', handle: async (event) => void handled.push(event) }], contracts, log);
    const { app } = createHttpApp({ name: 'subscriptions-test', log, routers: [routes], readiness: [] });
    server = await listen(app, 0, '127.0.0.1');
    url = `http://127.0.0.1:${server.port}`;
  });

  afterAll(() => server.close(1_000));

  const deliver = (event: object) =>
    fetch(`${url}/events/inventory.low_stock`, { method: 'POST', headers: { 'content-type': 'application/cloudevents+json' }, body: JSON.stringify(event) });
  const counted = async (outcome: string) => {
    const metrics = await (await fetch(`${url}/metrics`)).text();
    const line = metrics.split('\n').find((l) => l.startsWith('events_consumed_total{') && l.includes('topic="inventory.low_stock"') && l.includes(`outcome="${outcome}"`));
    return line ? Number(line.split(' ').at(-1)) : 0;
  };
  const timed = async (outcome: string) => {
    const metrics = await (await fetch(`${url}/metrics`)).text();
    const line = metrics.split('\n').find((l) => l.startsWith('shop_event_processing_seconds_count{') && l.includes('topic="inventory.low_stock"') && l.includes(`outcome="${outcome}"`));
    return line ? Number(line.split(' ').at(-1)) : 0;
  };
  const event = (data: object) => ({ specversion: '1.0', id: `e-${Math.random()}`, source: 'inventory', type: 'inventory.low_stock', data });

  it('when Dapr asks what to deliver, then every topic is listed with its route and a dead-letter topic', async () => {
    const subscriptions = await (await fetch(`${url}/dapr/subscribe`)).json();

    expect(subscriptions).toEqual([{ pubsubname: 'pubsub', topic: 'inventory.low_stock', route: '/events/inventory.low_stock', deadLetterTopic: 'deadletter' }]);
  });

  it('when an event breaks its contract, then it is dropped (not retried), not handled, and counted', async () => {
    const before = await counted('drop');

    const response = await deliver(event({ productId: 'not-a-uuid', available: -1 }));

    expect(await response.json()).toEqual({ status: 'DROP' });
    expect(handled).toHaveLength(0);
    expect(await counted('drop')).toBe(before + 1);
  });

  it.each([
    ['a NUL character', 'e-\u0000'],
    ['a lone surrogate', 'e-\uD800'],
  ])('when an event id holds %s (no inbox could record it), then it is dropped, not handled', async (_case, id) => {
    const before = await counted('drop');

    const response = await deliver({ ...event({ productId: '0a0a0a0a-0000-4000-8000-000000000009', available: 2, threshold: 5 }), id });

    expect(await response.json()).toEqual({ status: 'DROP' });
    expect(handled).toHaveLength(0);
    expect(await counted('drop')).toBe(before + 1);
  });

  it('when a valid event arrives, then it is handled and counted as a success', async () => {
    const response = await deliver(event({ productId: '0a0a0a0a-0000-4000-8000-000000000001', available: 2, threshold: 5 }));

    expect(await response.json()).toEqual({ status: 'SUCCESS' });
    expect(handled).toHaveLength(1);
    expect(await counted('success')).toBe(1);
  });

  it('when deliveries are handled or dropped, then each is timed under its topic and outcome', async () => {
    const [successes, drops] = [await timed('success'), await timed('drop')];

    await deliver(event({ productId: '0a0a0a0a-0000-4000-8000-000000000002', available: 1, threshold: 5 }));
    await deliver({ not: 'a cloud event' });

    expect(await timed('success')).toBe(successes + 1);
    expect(await timed('drop')).toBe(drops + 1);
  });
});
