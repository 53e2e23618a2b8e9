import { infrastructure, platform, registerAndLogin } from '../integration/support/platform';
import { placeOrder, settled, stockedProduct, stockOf } from '../integration/support/shop';

interface SinkMessage {
  to: string[] | string;
  subject?: string;
}

const confirmationsTo = async (email: string) =>
  ((await (await fetch(`${platform().messageSinkUrl}/messages?to=${encodeURIComponent(email)}`)).json()) as SinkMessage[]).filter((message) =>
    /is confirmed/.test(message.subject ?? ''),
  );
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Whatever carries pub/sub in this run (Redis Streams by default; BROKER=rabbitmq|kafka|nats) goes away for 10 s while
 * orders keep coming. Publishing goes through each service's outbox, so events wait in Postgres until the broker is
 * back; consumers are idempotent, so a redelivery after the outage changes nothing.
 */
describe('broker outage', () => {
  it('when the broker is stopped for 10 s during a burst of orders, then every accepted order ends and each customer is told exactly once', async () => {
    const product = await stockedProduct(30);
    const customers: Awaited<ReturnType<typeof registerAndLogin>>[] = [];
    for (let i = 0; i < 8; i += 1) customers.push(await registerAndLogin(`outage-${i}`));

    const accepted: { token: string; email: string; orderId: string }[] = [];
    const place = async (customer: (typeof customers)[number]) => {
      const placed = await placeOrder(customer.accessToken, [{ productId: product.id, quantity: 1 }], 'tok_visa');
      if (placed.status === 202 || placed.status === 201) accepted.push({ token: customer.accessToken, email: customer.email, orderId: placed.body.id });
    };
    for (const customer of customers.slice(0, 3)) await place(customer);
    await infrastructure('stop', 'broker');
    const down = Date.now();
    for (const customer of customers.slice(3)) {
      await place(customer);
      await sleep(1_000);
    }
    await sleep(Math.max(0, 10_000 - (Date.now() - down)));
    await infrastructure('start', 'broker');

    const outcomes = await Promise.all(accepted.map((order) => settled(order.token, order.orderId, 120_000)));
    const deadline = Date.now() + 90_000;
    let confirmations = await Promise.all(accepted.map((order) => confirmationsTo(order.email)));
    while (confirmations.some((messages) => messages.length === 0) && Date.now() < deadline) {
      await sleep(1_000);
      confirmations = await Promise.all(accepted.map((order) => confirmationsTo(order.email)));
    }
    // Redeliveries after the outage would arrive now: give them time to show up as a second message.
    await sleep(5_000);
    confirmations = await Promise.all(accepted.map((order) => confirmationsTo(order.email)));

    expect(accepted.length).toBe(customers.length);
    expect(outcomes.map((order) => order.status)).toEqual(accepted.map(() => 'CONFIRMED'));
    expect(confirmations.map((messages) => messages.length)).toEqual(accepted.map(() => 1));
    expect(await stockOf(product.id)).toMatchObject({ onHand: 30 - accepted.length, reserved: 0 });
  }, 300_000);
});
