import {
  aCustomer,
  anOrderEvent,
  contracts,
  deliver,
  dispatchDue,
  givenPendingShipment,
  outboxRowsOf,
  pastDispatchDelay,
  shipmentRowsOf,
  startShipping,
  type ShippingUnderTest,
} from './shipping-under-test';

let shipping: ShippingUnderTest;

beforeAll(async () => {
  shipping = await startShipping();
});

afterAll(async () => {
  await shipping.stop();
});

describe('POST /job/shipment-dispatch', () => {
  test('when a shipment\'s dispatch delay has passed, then the job ships it and records a contract-valid shipment.created', async () => {
    const { order, shipment } = await givenPendingShipment(shipping);
    await pastDispatchDelay();

    const answer = await dispatchDue(shipping);

    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ dispatched: expect.any(Number) });
    const [row] = await shipmentRowsOf(shipping, order.orderId);
    expect(row).toMatchObject({ status: 'SHIPPED', shipped_at: expect.any(Date), delivered_at: null });
    const events = await outboxRowsOf(shipping, order.orderId);
    expect(events.map((event) => event.type)).toEqual(['shipment.created']);
    expect(events[0].event.data).toEqual({
      shipmentId: shipment.id,
      orderId: order.orderId,
      userId: order.userId,
      trackingNumber: shipment.trackingNumber,
      shippedAt: row.shipped_at.toISOString(),
    });
    expect(() => contracts.assertValid('shipment.created', events[0].event.data)).not.toThrow();
  });

  test('when a shipment is still inside its cancellation window, then the job leaves it PENDING', async () => {
    // A window of an hour, not the file's second: the job surely runs inside it, however slowly the machine answers.
    const patient = await startShipping({ DISPATCH_DELAY_SECONDS: '3600' });
    try {
      const { order } = await givenPendingShipment(patient);

      await dispatchDue(patient);

      expect(await shipmentRowsOf(patient, order.orderId)).toEqual([expect.objectContaining({ status: 'PENDING' })]);
      expect(await outboxRowsOf(patient, order.orderId)).toEqual([]);
    } finally {
      await patient.stop();
    }
  });

  test('when a cancelled shipment\'s dispatch time passes, then the job never ships it', async () => {
    const { order } = await givenPendingShipment(shipping);
    await shipping.deliver(anOrderEvent('order.cancelled', order));
    await pastDispatchDelay();

    await dispatchDue(shipping);

    expect(await shipmentRowsOf(shipping, order.orderId)).toEqual([expect.objectContaining({ status: 'CANCELLED' })]);
    expect(await outboxRowsOf(shipping, order.orderId)).toEqual([]);
  });

  test('when an order is cancelled after its shipment left, then the shipment stays SHIPPED', async () => {
    const { order } = await givenPendingShipment(shipping);
    await pastDispatchDelay();
    await dispatchDue(shipping);

    const delivery = await shipping.deliver(anOrderEvent('order.cancelled', order));

    expect(delivery.body).toEqual({ status: 'SUCCESS' });
    expect(await shipmentRowsOf(shipping, order.orderId)).toEqual([expect.objectContaining({ status: 'SHIPPED' })]);
  });
});

describe('POST /shipments/:id/deliver', () => {
  test('when a PENDING shipment is delivered, then it is dispatched and delivered in one go, with shipment.created before shipment.delivered', async () => {
    const { order, shipment } = await givenPendingShipment(shipping);

    const answer = await deliver(shipping, shipment.id);

    expect(answer).toEqual({ status: 200, body: { ...shipment, status: 'DELIVERED' } });
    const [row] = await shipmentRowsOf(shipping, order.orderId);
    expect(row).toMatchObject({ status: 'DELIVERED', shipped_at: expect.any(Date), delivered_at: expect.any(Date) });
    const events = await outboxRowsOf(shipping, order.orderId);
    expect(events.map((event) => event.type)).toEqual(['shipment.created', 'shipment.delivered']);
    expect(events[1].event.data).toEqual({
      shipmentId: shipment.id,
      orderId: order.orderId,
      userId: order.userId,
      trackingNumber: shipment.trackingNumber,
      deliveredAt: row.delivered_at.toISOString(),
    });
    expect(() => contracts.assertValid('shipment.delivered', events[1].event.data)).not.toThrow();
  });

  test('when a SHIPPED shipment is delivered, then only shipment.delivered is added', async () => {
    const { order, shipment } = await givenPendingShipment(shipping);
    await pastDispatchDelay();
    await dispatchDue(shipping);

    const answer = await deliver(shipping, shipment.id);

    expect(answer).toEqual({ status: 200, body: { ...shipment, status: 'DELIVERED' } });
    expect((await outboxRowsOf(shipping, order.orderId)).map((event) => event.type)).toEqual(['shipment.created', 'shipment.delivered']);
  });

  test('when delivery is reported twice, then the second answers the same shipment and publishes nothing more', async () => {
    const { order, shipment } = await givenPendingShipment(shipping);
    await deliver(shipping, shipment.id);

    const again = await deliver(shipping, shipment.id);

    expect(again).toEqual({ status: 200, body: { ...shipment, status: 'DELIVERED' } });
    expect((await outboxRowsOf(shipping, order.orderId)).map((event) => event.type)).toEqual(['shipment.created', 'shipment.delivered']);
  });

  test('when a cancelled shipment is reported delivered, then 409 and nothing changes', async () => {
    const { order, shipment } = await givenPendingShipment(shipping);
    await shipping.deliver(anOrderEvent('order.cancelled', order));

    const answer = await deliver(shipping, shipment.id);

    expect(answer.status).toBe(409);
    expect(await shipmentRowsOf(shipping, order.orderId)).toEqual([expect.objectContaining({ status: 'CANCELLED' })]);
    expect(await outboxRowsOf(shipping, order.orderId)).toEqual([]);
  });

  test('when a customer reports delivery, then 403 and the shipment stays PENDING; anonymous → 401', async () => {
    const { order, shipment } = await givenPendingShipment(shipping);

    const asOwner = await deliver(shipping, shipment.id, aCustomer(order.userId));
    const anonymous = await deliver(shipping, shipment.id, {});

    expect(asOwner.status).toBe(403);
    expect(anonymous.status).toBe(401);
    expect(await shipmentRowsOf(shipping, order.orderId)).toEqual([expect.objectContaining({ status: 'PENDING' })]);
  });

  test('when the shipment does not exist or the id is not a uuid, then 404', async () => {
    const unknown = await deliver(shipping, '0b7f3c2e-1d4a-4e5b-8c6d-7e8f9a0b1c2d');
    const malformed = await deliver(shipping, 'not-a-shipment');

    expect([unknown.status, malformed.status]).toEqual([404, 404]);
  });
});
