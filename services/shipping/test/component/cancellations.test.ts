import {
  aCustomer,
  anOrder,
  anOrderEvent,
  deliver,
  dispatchDue,
  givenPendingShipment,
  outboxRowsOf,
  pastDispatchDelay,
  shipmentRowsOf,
  startShipping,
  type AnOrder,
  type ShippingUnderTest,
} from './shipping-under-test';

let shipping: ShippingUnderTest;

beforeAll(async () => {
  shipping = await startShipping();
});

afterAll(async () => {
  await shipping.stop();
});

/** As the order service asks through invocation (shipping's sidecar lets only order call it). */
const askToCancel = (order: AnOrder) => shipping.call('POST', '/shipment-cancellations', { body: { orderId: order.orderId, userId: order.userId } });

describe('POST /shipment-cancellations', () => {
  test('when a PENDING shipment\'s order asks to cancel, then 200 cancelled, the shipment is CANCELLED and nothing is published; asking again answers the same', async () => {
    const { order, shipment } = await givenPendingShipment(shipping);

    const answer = await askToCancel(order);
    const again = await askToCancel(order);

    expect(answer).toMatchObject({ status: 200, body: { outcome: 'cancelled', shipmentId: shipment.id } });
    expect(again).toMatchObject({ status: 200, body: { outcome: 'cancelled', shipmentId: shipment.id } });
    expect(await shipmentRowsOf(shipping, order.orderId)).toEqual([expect.objectContaining({ id: shipment.id, status: 'CANCELLED', shipped_at: null })]);
    expect(await outboxRowsOf(shipping, order.orderId)).toEqual([]);
  });

  test('when the parcel already left, then 200 too_late with its status, and the shipment is unchanged', async () => {
    const { order, shipment } = await givenPendingShipment(shipping);
    await pastDispatchDelay();
    await dispatchDue(shipping);

    const answer = await askToCancel(order);

    expect(answer).toMatchObject({ status: 200, body: { outcome: 'too_late', shipmentId: shipment.id, status: 'SHIPPED' } });
    expect(await shipmentRowsOf(shipping, order.orderId)).toEqual([expect.objectContaining({ status: 'SHIPPED' })]);
  });

  test('when the parcel was delivered, then 200 too_late, and a later delivery report still answers DELIVERED', async () => {
    const { order, shipment } = await givenPendingShipment(shipping);
    await deliver(shipping, shipment.id);

    const answer = await askToCancel(order);
    const reported = await deliver(shipping, shipment.id);

    expect(answer).toMatchObject({ status: 200, body: { outcome: 'too_late', status: 'DELIVERED' } });
    expect(reported).toMatchObject({ status: 200, body: { status: 'DELIVERED' } });
  });

  test('when the order has no shipment yet, then one is recorded CANCELLED for its owner, and the confirmation arriving later prepares none', async () => {
    const order = anOrder();

    const answer = await askToCancel(order);
    const confirmation = await shipping.deliver(anOrderEvent('order.confirmed', order));
    await pastDispatchDelay();
    await dispatchDue(shipping);

    expect(answer).toMatchObject({ status: 200, body: { outcome: 'cancelled' } });
    expect(confirmation.body).toEqual({ status: 'SUCCESS' });
    expect(await shipmentRowsOf(shipping, order.orderId)).toEqual([expect.objectContaining({ id: answer.body.shipmentId, user_id: order.userId, status: 'CANCELLED' })]);
    const listed = await shipping.call('GET', `/shipments?orderId=${order.orderId}`, { as: aCustomer(order.userId) });
    expect(listed.body).toEqual([expect.objectContaining({ status: 'CANCELLED' })]);
    expect(await outboxRowsOf(shipping, order.orderId)).toEqual([]);
  });

  test('when a cancellation and the order\'s confirmation arrive at once, then there is one shipment and it is CANCELLED', async () => {
    const orders = Array.from({ length: 5 }, () => anOrder());

    await Promise.all(orders.flatMap((order) => [askToCancel(order), shipping.deliver(anOrderEvent('order.confirmed', order))]));

    for (const order of orders) expect(await shipmentRowsOf(shipping, order.orderId)).toEqual([expect.objectContaining({ status: 'CANCELLED' })]);
  });

  test('when a delivery report and a cancellation race for PENDING shipments, then exactly one wins each, and the events agree with the winner', async () => {
    const pending = await Promise.all(Array.from({ length: 6 }, () => givenPendingShipment(shipping)));

    const answers = await Promise.all(
      pending.map(({ order, shipment }, index) =>
        index % 2 === 0
          ? Promise.all([deliver(shipping, shipment.id), askToCancel(order)])
          : Promise.all([askToCancel(order), deliver(shipping, shipment.id)]).then(([cancelled, delivered]) => [delivered, cancelled] as const),
      ),
    );

    for (const [index, [delivered, cancellation]] of answers.entries()) {
      const { order } = pending[index]!;
      const [row] = await shipmentRowsOf(shipping, order.orderId);
      const events = (await outboxRowsOf(shipping, order.orderId)).map((event) => event.type);
      const deliveryWon = delivered.status === 200;

      expect(cancellation.status).toBe(200);
      expect(cancellation.body.outcome).toBe(deliveryWon ? 'too_late' : 'cancelled');
      expect(delivered.status).toBe(deliveryWon ? 200 : 409);
      expect(row.status).toBe(deliveryWon ? 'DELIVERED' : 'CANCELLED');
      expect(events).toEqual(deliveryWon ? ['shipment.created', 'shipment.delivered'] : []);
    }
  });

  test('when the body names no order or no owner by uuid, then 400 and nothing is written', async () => {
    const order = anOrder();

    const noOwner = await shipping.call('POST', '/shipment-cancellations', { body: { orderId: order.orderId } });
    const notUuid = await shipping.call('POST', '/shipment-cancellations', { body: { orderId: 'order-1', userId: order.userId } });

    expect([noOwner.status, notUuid.status]).toEqual([400, 400]);
    expect(await shipmentRowsOf(shipping, order.orderId)).toEqual([]);
  });
});
