import { setTimeout as sleep } from 'node:timers/promises';
import { aCharge, charge, outboxRowsOf, startPayment } from './payment-under-test';

describe('the payment service lifecycle', () => {
  test('when Postgres and the sidecar answer, then /readyz reports both ready', async () => {
    const payment = await startPayment();

    const answer = await payment.call('GET', '/readyz');

    await payment.stop();
    expect(answer.status).toBe(200);
    expect(answer.body.checks).toEqual([
      { name: 'database', ok: true },
      { name: 'sidecar', ok: true },
    ]);
  });

  test('when the outbox relay is on, then a charge event is published through the sidecar', async () => {
    const payment = await startPayment({ OUTBOX_RELAY_ENABLED: 'true' });
    const request = aCharge();

    await charge(payment, request);

    const published = await waitFor(async () => {
      const [row] = await outboxRowsOf(payment, request.orderId);
      return row?.published_at ? row : undefined;
    });
    await payment.stop();
    expect(published).toMatchObject({ type: 'payment.completed', last_error: null });
  });

  test('when the service stops, then it stops listening', async () => {
    const payment = await startPayment();
    const port = payment.service.port();

    await payment.stop();

    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
  });
});

async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await probe();
    if (found !== undefined || Date.now() > deadline) return found;
    await sleep(100);
  }
}
