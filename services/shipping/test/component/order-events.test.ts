import { aCustomer, anOrder, anOrderEvent, givenPendingShipment, outboxRowsOf, shipmentRowsOf, startShipping, type ShippingUnderTest } from './shipping-under-test';

let shipping: ShippingUnderTest;

beforeAll(async () => {
  shipping = await startShipping();
});

afterAll(async () => {
  await shipping.stop();
});

describe('order.confirmed', () => {
  test('when an order is confirmed, then one PENDING shipment with a tracking number is prepared, due after the dispatch delay', async () => {
    const order = anOrder();
    const before = Date.now();

    const delivery = await shipping.deliver(anOrderEvent('order.confirmed', order));

    expect(delivery).toEqual({ status: 200, body: { status: 'SUCCESS' } });
    const rows = await shipmentRowsOf(shipping, order.orderId);
    expect(rows).toEqual([expect.objectContaining({ user_id: order.userId, status: 'PENDING', shipped_at: null, delivered_at: null })]);
    expect(rows[0].tracking_number).toMatch(/^SHOP-[A-Z0-9]{16}$/);
    expect(rows[0].dispatch_after.getTime()).toBeGreaterThanOrEqual(before + 1_000 - 50);
    const listed = await shipping.call('GET', `/shipments?orderId=${order.orderId}`, { as: aCustomer(order.userId) });
    expect(listed).toEqual({ status: 200, body: [{ id: rows[0].id, orderId: order.orderId, status: 'PENDING', trackingNumber: rows[0].tracking_number }] });
    expect(await outboxRowsOf(shipping, order.orderId)).toEqual([]);
  });

  test('when the same event is redelivered, then nothing changes', async () => {
    const order = anOrder();
    const event = anOrderEvent('order.confirmed', order);
    await shipping.deliver(event);
    const [before] = await shipmentRowsOf(shipping, order.orderId);

    const again = await shipping.deliver(event);

    expect(again).toEqual({ status: 200, body: { status: 'SUCCESS' } });
    expect(await shipmentRowsOf(shipping, order.orderId)).toEqual([before]);
  });

  test('when a second event id confirms the same order, then the first shipment stays the only one', async () => {
    const order = anOrder();
    await shipping.deliver(anOrderEvent('order.confirmed', order));
    const [before] = await shipmentRowsOf(shipping, order.orderId);

    const second = await shipping.deliver(anOrderEvent('order.confirmed', order));

    expect(second).toEqual({ status: 200, body: { status: 'SUCCESS' } });
    expect(await shipmentRowsOf(shipping, order.orderId)).toEqual([before]);
  });

  test('when the same confirmation arrives five times at once, then there is one shipment', async () => {
    const order = anOrder();

    const deliveries = await Promise.all(Array.from({ length: 5 }, () => shipping.deliver(anOrderEvent('order.confirmed', order))));

    expect(deliveries.map((delivery) => delivery.body)).toEqual(Array.from({ length: 5 }, () => ({ status: 'SUCCESS' })));
    expect(await shipmentRowsOf(shipping, order.orderId)).toHaveLength(1);
  });

  test('when an event breaks its contract, then it is dropped and no shipment or inbox row is written', async () => {
    const order = anOrder();
    const event = anOrderEvent('order.confirmed', order, { totalCents: 'twenty' });

    const delivery = await shipping.deliver(event);

    expect(delivery).toEqual({ status: 200, body: { status: 'DROP' } });
    expect(await shipmentRowsOf(shipping, order.orderId)).toEqual([]);
    expect(await shipping.db('inbox').where({ event_id: event.id })).toEqual([]);
  });

  test('when a delivery is not an event of its topic, then it is dropped', async () => {
    const order = anOrder();

    const delivery = await shipping.deliver(anOrderEvent('order.cancelled', order), 'order.confirmed');

    expect(delivery).toEqual({ status: 200, body: { status: 'DROP' } });
    expect(await shipmentRowsOf(shipping, order.orderId)).toEqual([]);
  });
});

describe('order.cancelled', () => {
  test('when a pending shipment\'s order is cancelled, then the shipment is CANCELLED and publishes nothing', async () => {
    const { order, shipment } = await givenPendingShipment(shipping);

    const delivery = await shipping.deliver(anOrderEvent('order.cancelled', order));

    expect(delivery).toEqual({ status: 200, body: { status: 'SUCCESS' } });
    expect(await shipmentRowsOf(shipping, order.orderId)).toEqual([expect.objectContaining({ id: shipment.id, status: 'CANCELLED', shipped_at: null })]);
    expect(await outboxRowsOf(shipping, order.orderId)).toEqual([]);
  });

  test('when an order with no shipment is cancelled, then nothing is written but the inbox row', async () => {
    const order = anOrder();
    const event = anOrderEvent('order.cancelled', order);

    const delivery = await shipping.deliver(event);

    expect(delivery).toEqual({ status: 200, body: { status: 'SUCCESS' } });
    expect(await shipmentRowsOf(shipping, order.orderId)).toEqual([]);
    expect(await shipping.db('inbox').where({ event_id: event.id })).toHaveLength(1);
  });

  test('when a cancellation breaks its contract, then it is dropped and the shipment stays PENDING', async () => {
    const { order } = await givenPendingShipment(shipping);

    const delivery = await shipping.deliver(anOrderEvent('order.cancelled', order, { reason: 'changed_my_mind' }));

    expect(delivery).toEqual({ status: 200, body: { status: 'DROP' } });
    expect(await shipmentRowsOf(shipping, order.orderId)).toEqual([expect.objectContaining({ status: 'PENDING' })]);
  });
});
