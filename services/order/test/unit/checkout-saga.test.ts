import type { WorkflowContext } from '@dapr/dapr';
import type { CheckoutOrder } from '../../src/data/order-repository';
import { cancelConfirmedOrder, checkout } from '../../src/workflow/checkout';

type Scheduled = { activity: string; input: unknown } | { timer: number };

/** A stand-in for the workflow context that records what the orchestrator schedules. */
const recordingContext = {
  callActivity: (activity: string, input: unknown): Scheduled => ({ activity, input }),
  createTimer: (seconds: number): Scheduled => ({ timer: seconds }),
} as unknown as WorkflowContext;

const order: CheckoutOrder = {
  orderId: '5d0b1a4e-5b8f-4c1e-9b5e-0a4f1c2d3e4f',
  userId: '9c1d2e3f-0000-4000-8000-000000000001',
  items: [{ productId: '0a0a0a0a-0000-4000-8000-000000000001', quantity: 2, priceCents: 500 }],
  totalCents: 1000,
  currency: 'USD',
  paymentToken: 'tok_visa',
};

/**
 * Runs an orchestrator, answering each scheduled activity from `answers` (by activity name, in order) and each timer
 * at once; returns the steps in order and the result.
 */
async function run(generator: AsyncGenerator<unknown, string, unknown>, answers: Record<string, { outcome: string }[]>) {
  const steps: string[] = [];
  let next = await generator.next();
  while (!next.done) {
    const scheduled = next.value as Scheduled;
    if ('timer' in scheduled) {
      steps.push(`wait ${scheduled.timer}s`);
      next = await generator.next(undefined);
      continue;
    }
    steps.push(scheduled.activity);
    const queue = answers[scheduled.activity];
    if (!queue?.length) throw new Error(`no scripted answer for ${scheduled.activity} (steps so far: ${steps.join(' → ')})`);
    next = await generator.next(queue.length > 1 ? queue.shift() : queue[0]);
  }
  return { steps, result: next.value };
}

const ok = {
  reserveStock: [{ outcome: 'reserved' }],
  isCancellationRequested: [{ outcome: 'none' }],
  chargePayment: [{ outcome: 'captured' }],
  commitStock: [{ outcome: 'committed' }],
  confirmOrder: [{ outcome: 'confirmed' }],
  releaseStock: [{ outcome: 'released' }],
  refundPayment: [{ outcome: 'refunded' }],
  cancelOrder: [{ outcome: 'cancelled' }],
  cancelShipment: [{ outcome: 'cancelled' }],
  keepOrder: [{ outcome: 'kept' }],
};

describe('the checkout saga', () => {
  it('when every step succeeds, then reserve → charge → commit → confirm and nothing is undone', async () => {
    const { steps, result } = await run(checkout(recordingContext, order), ok);

    expect(result).toBe('CONFIRMED');
    expect(steps).toEqual(['reserveStock', 'isCancellationRequested', 'chargePayment', 'commitStock', 'confirmOrder']);
  });

  it('when stock is short, then the order is cancelled out_of_stock without charging', async () => {
    const { steps, result } = await run(checkout(recordingContext, order), { ...ok, reserveStock: [{ outcome: 'out_of_stock' }] });

    expect(result).toBe('CANCELLED');
    expect(steps).toEqual(['reserveStock', 'releaseStock', 'cancelOrder']);
  });

  it('when the card is declined, then the stock is released (refund is a harmless no-op) and the order cancelled', async () => {
    const { steps } = await run(checkout(recordingContext, order), { ...ok, chargePayment: [{ outcome: 'declined' }], refundPayment: [{ outcome: 'nothing_to_refund' }] });

    expect(steps).toEqual(['reserveStock', 'isCancellationRequested', 'chargePayment', 'refundPayment', 'releaseStock', 'cancelOrder']);
  });

  it('when the payment service stays unavailable, then it is charged once (Dapr retries) and the saga compensates', async () => {
    const answers = { ...ok, chargePayment: [{ outcome: 'unavailable' }], refundPayment: [{ outcome: 'nothing_to_refund' }] };
    const generator = checkout(recordingContext, order);

    const { steps } = await run(generator, answers);

    expect(steps.filter((s) => s === 'chargePayment')).toHaveLength(1);
    expect(steps.slice(-3)).toEqual(['refundPayment', 'releaseStock', 'cancelOrder']);
  });

  it('when the reservation expired before commit, then the capture is refunded and the order cancelled', async () => {
    const { steps } = await run(checkout(recordingContext, order), { ...ok, commitStock: [{ outcome: 'expired' }] });

    expect(steps.slice(-4)).toEqual(['commitStock', 'refundPayment', 'releaseStock', 'cancelOrder']);
  });

  it('when the inventory is briefly unavailable, then the reservation is retried after durable timers', async () => {
    const { steps, result } = await run(checkout(recordingContext, order), { ...ok, reserveStock: [{ outcome: 'unavailable' }, { outcome: 'unavailable' }, { outcome: 'reserved' }] });

    expect(result).toBe('CONFIRMED');
    expect(steps.slice(0, 5)).toEqual(['reserveStock', 'wait 1s', 'reserveStock', 'wait 2s', 'reserveStock']);
  });

  it('when an undo keeps failing, then it is retried with capped back-off until it succeeds, never skipped', async () => {
    const failures = Array.from({ length: 8 }, () => ({ outcome: 'unavailable' }));
    const { steps, result } = await run(checkout(recordingContext, order), { ...ok, chargePayment: [{ outcome: 'declined' }], refundPayment: [{ outcome: 'nothing_to_refund' }], releaseStock: [...failures, { outcome: 'released' }] });

    expect(result).toBe('CANCELLED');
    expect(steps.filter((s) => s === 'releaseStock')).toHaveLength(9);
    expect(steps).toContain('wait 60s');
    expect(steps.at(-1)).toBe('cancelOrder');
  });

  it('when the customer cancels before the charge, then nothing is charged', async () => {
    const { steps } = await run(checkout(recordingContext, order), { ...ok, isCancellationRequested: [{ outcome: 'requested' }] });

    expect(steps).not.toContain('chargePayment');
    expect(steps.slice(-2)).toEqual(['releaseStock', 'cancelOrder']);
  });

  it('when the customer cancels between commit and confirm, then the committed stock is returned and the charge refunded', async () => {
    const { steps } = await run(checkout(recordingContext, order), { ...ok, confirmOrder: [{ outcome: 'cancel_requested' }] });

    expect(steps.slice(-4)).toEqual(['confirmOrder', 'refundPayment', 'releaseStock', 'cancelOrder']);
  });

  it('when recording the cancellation is refused (the order shipped), then the saga ends instead of retrying it forever', async () => {
    const { steps, result } = await run(checkout(recordingContext, order), { ...ok, confirmOrder: [{ outcome: 'cancel_requested' }], cancelOrder: [{ outcome: 'too_late' }] });

    expect(result).toBe('TOO_LATE');
    expect(steps.filter((s) => s === 'cancelOrder')).toHaveLength(1);
    expect(steps.at(-1)).toBe('cancelOrder');
  });
});

describe('the cancellation of a confirmed order', () => {
  it('when shipping stops the parcel, then it is asked first, and only then are the payment refunded, the stock released and the order cancelled', async () => {
    const { steps, result } = await run(cancelConfirmedOrder(recordingContext, order.orderId), ok);

    expect(result).toBe('CANCELLED');
    expect(steps).toEqual(['cancelShipment', 'refundPayment', 'releaseStock', 'cancelOrder']);
  });

  it('when shipping says the parcel already left, then the request is withdrawn, nothing is refunded or released, and the workflow ends', async () => {
    const { steps, result } = await run(cancelConfirmedOrder(recordingContext, order.orderId), { ...ok, cancelShipment: [{ outcome: 'too_late' }] });

    expect(result).toBe('TOO_LATE');
    expect(steps).toEqual(['cancelShipment', 'keepOrder']);
  });

  it('when shipping does not answer, then it is asked again after durable timers, and nothing is refunded before it answers', async () => {
    const { steps, result } = await run(cancelConfirmedOrder(recordingContext, order.orderId), { ...ok, cancelShipment: [{ outcome: 'unavailable' }, { outcome: 'unavailable' }, { outcome: 'cancelled' }] });

    expect(result).toBe('CANCELLED');
    expect(steps).toEqual(['cancelShipment', 'wait 1s', 'cancelShipment', 'wait 2s', 'cancelShipment', 'refundPayment', 'releaseStock', 'cancelOrder']);
  });

  it('when the order turns out to have shipped after all, then recording is refused once and the workflow ends', async () => {
    const { steps, result } = await run(cancelConfirmedOrder(recordingContext, order.orderId), { ...ok, cancelOrder: [{ outcome: 'too_late' }] });

    expect(result).toBe('TOO_LATE');
    expect(steps.filter((s) => s === 'cancelOrder')).toHaveLength(1);
  });
});
