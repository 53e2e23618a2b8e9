import { Registry } from 'prom-client';
import { createPaymentMetrics } from '../../src/metrics';

const attempts = async (registry: Registry) =>
  Object.fromEntries((await registry.getMetricsAsJSON()).find((metric) => metric.name === 'shop_payment_attempts_total')!.values.map((v) => [String(v.labels.outcome), v.value]));

describe('payment metrics', () => {
  it('when no charge was attempted yet, then every outcome is served at 0, so the success rate has both sides from the start', async () => {
    const registry = new Registry();
    createPaymentMetrics(registry);

    expect(await attempts(registry)).toEqual({ captured: 0, declined: 0, unavailable: 0, rejected: 0, repeated: 0 });
  });

  it('when charges are captured and declined, then each outcome counts and only captures add to the captured amount', async () => {
    const registry = new Registry();
    const metrics = createPaymentMetrics(registry);

    metrics.chargeAttempt('captured', 1_500);
    metrics.chargeAttempt('declined', 900);
    metrics.chargeAttempt('captured', 500);
    const captured = (await registry.getMetricsAsJSON()).find((metric) => metric.name === 'shop_payment_captured_cents_total')!.values[0]!.value;

    expect(await attempts(registry)).toMatchObject({ captured: 2, declined: 1, unavailable: 0 });
    expect(captured).toBe(2_000);
  });
});
