import { Registry } from 'prom-client';
import { deadLetterCounter } from '../../src/metrics';

const received = async (registry: Registry) =>
  Object.fromEntries((await registry.getMetricsAsJSON()).find((metric) => metric.name === 'shop_dead_letters_received_total')!.values.map((v) => [String(v.labels.topic), v.value]));

describe('dead-letter metrics', () => {
  it('when created with the known topics, then each is served at 0 before its first dead letter, so the alert sees that one arrive', async () => {
    const registry = new Registry();
    const count = deadLetterCounter(registry, ['order.confirmed', 'user.registered']);
    const before = await received(registry);

    count('user.registered');

    expect(before).toEqual({ 'order.confirmed': 0, 'user.registered': 0 });
    expect(await received(registry)).toEqual({ 'order.confirmed': 0, 'user.registered': 1 });
  });

  it('when a dead letter comes from a topic without a contract, then it is counted under that topic too', async () => {
    const registry = new Registry();
    const count = deadLetterCounter(registry, ['order.confirmed']);

    count('legacy.topic');

    expect(await received(registry)).toEqual({ 'order.confirmed': 0, 'legacy.topic': 1 });
  });
});
