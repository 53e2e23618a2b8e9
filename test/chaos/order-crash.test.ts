import { chaos, eventually, registerAndLogin } from '../integration/support/platform';
import { paymentsOf, placeOrder, settled, stockedProduct, stockOf } from '../integration/support/shop';

describe('crashes in the middle of a checkout', () => {
  const moments = {
    'after the reservation': async (productId: string) => eventually('the reservation', async () => ((await stockOf(productId)).reserved > 0 ? true : undefined)),
    'after the charge': async (_productId: string, token: string, orderId: string) =>
      eventually('the capture', async () => ((await paymentsOf(token, orderId)).some((p) => p.status === 'CAPTURED') ? true : undefined), 20_000),
  };

  it.each([
    ['the order service', 'app', 'after the reservation'],
    ['the order sidecar', 'sidecar', 'after the reservation'],
    ['the order service', 'app', 'after the charge'],
    ['the order sidecar', 'sidecar', 'after the charge'],
  ] as const)('when %s is killed %s, then the order still ends CONFIRMED or CANCELLED with stock and payment consistent', async (_, part, moment) => {
    const product = await stockedProduct(5, 900);
    const customer = await registerAndLogin(`crash-${part}`);
    // tok_slow answers after 3 s: a window in which the saga is between its steps.
    const placed = await placeOrder(customer.accessToken, [{ productId: product.id, quantity: 1 }], 'tok_slow');

    await moments[moment](product.id, customer.accessToken, placed.body.id);
    await chaos('crash', 'order', part);
    await chaos('restart', 'order', part);
    const order = await settled(customer.accessToken, placed.body.id, 60_000);
    const stock = await stockOf(product.id);
    const payments = await paymentsOf(customer.accessToken, order.id);

    if (order.status === 'CONFIRMED') {
      expect(payments).toEqual([expect.objectContaining({ status: 'CAPTURED' })]);
      expect(stock).toMatchObject({ onHand: 4, reserved: 0, available: 4 });
    } else {
      expect(order.status).toBe('CANCELLED');
      expect(payments.filter((p) => p.status === 'CAPTURED')).toEqual([]);
      expect(stock).toMatchObject({ onHand: 5, reserved: 0, available: 5 });
    }
  }, 120_000);
});
