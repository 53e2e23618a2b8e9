import { chaos, eventually, registerAndLogin, sidecarFetch, sidecarMetric } from '../integration/support/platform';
import { placeOrder, settled, stockedProduct, stockOf } from '../integration/support/shop';

/** The breaker of order's sidecar towards payment (components/local/resiliency-invocation.yaml). */
const breakerState = async (status: 'open' | 'closed' | 'half-open') =>
  (await sidecarMetric('order', 'dapr_resiliency_cb_state', { target: 'app_payment', status })).some((value) => value === 1);
/** How often the breaker has moved into a state (Dapr counts each transition as an activation). */
const transitions = async (status: 'open' | 'closed') =>
  (await sidecarMetric('order', 'dapr_resiliency_activations_total', { policy: 'circuitbreaker', target: 'app_payment', status })).reduce((sum, value) => sum + value, 0);

describe('circuit breaker on payment', () => {
  afterAll(async () => {
    // Leave payment up for the suites after this one, even when an assertion failed midway.
    await chaos('restart', 'payment', 'app').catch(() => undefined);
  });

  it('when payment is down, then the breaker opens and fails calls fast; once payment is back it closes and every order of the outage ends CANCELLED payment_unavailable', async () => {
    const product = await stockedProduct(20);
    const customer = await registerAndLogin('breaker');
    // Held down: a crash would be restarted by the runner within seconds, too soon for the breaker to open.
    await chaos('hold', 'payment', 'app');

    // Each order's charge fails (with its retries), and its compensation keeps retrying the refund of a charge whose
    // outcome is unknown: the orders stay PENDING until payment is back, and the failures open the breaker.
    const duringOutage: string[] = [];
    for (let i = 0; i < 4; i += 1) {
      duringOutage.push((await placeOrder(customer.accessToken, [{ productId: product.id, quantity: 1 }], 'tok_visa')).body.id);
    }
    await eventually('the breaker to open', async () => ((await breakerState('open')) ? true : undefined), 90_000);
    const probe = await sidecarFetch('order', '/v1.0/invoke/payment/method/payments/charges', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    const probeText = await probe.text();
    const opened = await transitions('open');
    const closedBefore = await transitions('closed');

    await chaos('restart', 'payment', 'app');
    const outcomes = await Promise.all(duringOutage.map((id) => settled(customer.accessToken, id, 90_000)));
    const after = await placeOrder(customer.accessToken, [{ productId: product.id, quantity: 1 }], 'tok_visa');
    const recovered = await settled(customer.accessToken, after.body.id);

    expect(probe.status).toBe(500);
    expect(probeText).toContain('circuit breaker is open');
    expect(opened).toBeGreaterThan(0);
    expect(outcomes.map((order) => `${order.status} ${order.history.at(-1)?.reason}`)).toEqual(outcomes.map(() => 'CANCELLED payment_unavailable'));
    expect(recovered.status).toBe('CONFIRMED');
    expect(await transitions('closed')).toBeGreaterThan(closedBefore);
    expect(await stockOf(product.id)).toMatchObject({ onHand: 19, reserved: 0, available: 19 });
  }, 240_000);
});
