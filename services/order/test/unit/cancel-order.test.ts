import { AppError } from '@shop/service-kit';
import { cancelOrder } from '../../src/domain/cancel-order';
import { cancellationPlanFor, isCancellable, type OrderStatus } from '../../src/domain/order';
import type { ShipmentCancellation } from '../../src/domain/ports';
import { FakeCheckout, FakeOrderBook, FakeShipping } from './fake-ports';

const owner = '9c1d2e3f-0000-4000-8000-000000000001';
const orderId = '5d0b1a4e-5b8f-4c1e-9b5e-0a4f1c2d3e4f';

function setUp(status: OrderStatus, shippingAnswer?: ShipmentCancellation) {
  const deps = { orders: new FakeOrderBook().holds({ id: orderId, userId: owner, status }), checkout: new FakeCheckout(), shipping: new FakeShipping(shippingAnswer) };
  const cancel = (caller = { callerId: owner, isAdmin: false }) => cancelOrder({ orderId, ...caller }, deps);
  return { deps, cancel };
}

const statusOf = async (promise: Promise<unknown>) => promise.then(() => 202, (error: unknown) => (error instanceof AppError ? error.status : error));

describe('how a cancellation is decided, by the order\'s status', () => {
  it('when the order is PENDING, then its checkout stops itself; CONFIRMED, then shipping decides; SHIPPED or DELIVERED, too late; CANCELLED, nothing to do', () => {
    expect(cancellationPlanFor('PENDING')).toBe('stop-checkout');
    expect(cancellationPlanFor('CONFIRMED')).toBe('ask-shipping');
    expect(cancellationPlanFor('SHIPPED')).toBe('too-late');
    expect(cancellationPlanFor('DELIVERED')).toBe('too-late');
    expect(cancellationPlanFor('CANCELLED')).toBe('already-cancelled');
    expect((['PENDING', 'CONFIRMED', 'SHIPPED', 'DELIVERED', 'CANCELLED'] as const).filter(isCancellable)).toEqual(['PENDING', 'CONFIRMED']);
  });
});

describe('cancelling an order', () => {
  it('when shipping stops a CONFIRMED order\'s parcel, then the request is recorded, the cancellation workflow started, and the answer is 202', async () => {
    const { deps, cancel } = setUp('CONFIRMED', { outcome: 'cancelled' });

    const accepted = await cancel();

    expect(accepted).toEqual({ id: orderId, status: 'CONFIRMED' });
    expect(deps.shipping.asked).toEqual([{ orderId, userId: owner }]);
    expect(deps.orders.isCancelRequested(orderId)).toBe(true);
    expect(deps.checkout.cancellations).toEqual([orderId]);
  });

  it('when shipping says the parcel already left, then 409, the request is withdrawn and no workflow moves stock or money', async () => {
    const { deps, cancel } = setUp('CONFIRMED', { outcome: 'too_late', status: 'SHIPPED' });

    const status = await statusOf(cancel());

    expect(status).toBe(409);
    expect(deps.orders.withdrawn).toEqual([orderId]);
    expect(deps.orders.isCancelRequested(orderId)).toBe(false);
    expect(deps.checkout.cancellations).toEqual([]);
  });

  it('when shipping does not answer, then the request stays recorded and the workflow is started, to ask again before refunding anything', async () => {
    const { deps, cancel } = setUp('CONFIRMED', { outcome: 'unavailable', detail: 'shipping answered 503' });

    const accepted = await cancel();

    expect(accepted).toEqual({ id: orderId, status: 'CONFIRMED' });
    expect(deps.orders.isCancelRequested(orderId)).toBe(true);
    expect(deps.checkout.cancellations).toEqual([orderId]);
  });

  it('when the cancellation is asked twice, then shipping is asked both times but only one workflow is started', async () => {
    const { deps, cancel } = setUp('CONFIRMED', { outcome: 'cancelled' });

    await cancel();
    const again = await cancel();

    expect(again).toEqual({ id: orderId, status: 'CONFIRMED' });
    expect(deps.shipping.asked).toHaveLength(2);
    expect(deps.checkout.cancellations).toEqual([orderId]);
  });

  it('when the order is still PENDING, then the request is recorded for its checkout and shipping is not asked', async () => {
    const { deps, cancel } = setUp('PENDING');

    const accepted = await cancel();

    expect(accepted).toEqual({ id: orderId, status: 'PENDING' });
    expect(deps.orders.isCancelRequested(orderId)).toBe(true);
    expect(deps.shipping.asked).toEqual([]);
    expect(deps.checkout.cancellations).toEqual([]);
  });

  it.each(['SHIPPED', 'DELIVERED'] as const)('when the order is %s, then 409 without asking anyone', async (status) => {
    const { deps, cancel } = setUp(status);

    const answer = await statusOf(cancel());

    expect(answer).toBe(409);
    expect(deps.shipping.asked).toEqual([]);
    expect(deps.checkout.cancellations).toEqual([]);
  });

  it('when the order is already CANCELLED, then 202 with its status and nothing else happens', async () => {
    const { deps, cancel } = setUp('CANCELLED');

    const accepted = await cancel();

    expect(accepted).toEqual({ id: orderId, status: 'CANCELLED' });
    expect(deps.shipping.asked).toEqual([]);
  });

  it('when the order ships between the read and the request, then 409; when it was cancelled meanwhile, then 202', async () => {
    const shipped = setUp('CONFIRMED');
    shipped.deps.orders.movesOnBeforeRequest = 'SHIPPED';
    const cancelled = setUp('CONFIRMED');
    cancelled.deps.orders.movesOnBeforeRequest = 'CANCELLED';

    const [shippedAnswer, cancelledAnswer] = [await statusOf(shipped.cancel()), await statusOf(cancelled.cancel())];

    expect([shippedAnswer, cancelledAnswer]).toEqual([409, 202]);
    expect([...shipped.deps.shipping.asked, ...cancelled.deps.shipping.asked]).toEqual([]);
  });

  it('when another customer asks, then 404 and nothing is recorded; an admin may cancel', async () => {
    const { deps, cancel } = setUp('CONFIRMED');

    const stranger = await statusOf(cancel({ callerId: '9c1d2e3f-0000-4000-8000-000000000002', isAdmin: false }));
    const recordedForStranger = deps.orders.isCancelRequested(orderId);
    const admin = await statusOf(cancel({ callerId: '9c1d2e3f-0000-4000-8000-000000000003', isAdmin: true }));

    expect([stranger, recordedForStranger, admin]).toEqual([404, false, 202]);
  });
});
