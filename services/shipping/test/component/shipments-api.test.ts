import { randomUUID } from 'node:crypto';
import { aCustomer, anAdmin, givenPendingShipment, startShipping, type ShippingUnderTest } from './shipping-under-test';

let shipping: ShippingUnderTest;

beforeAll(async () => {
  shipping = await startShipping();
});

afterAll(async () => {
  await shipping.stop();
});

describe('GET /shipments?orderId=', () => {
  test('when an admin asks for any order\'s shipment, then it is listed', async () => {
    const { order, shipment } = await givenPendingShipment(shipping);

    const answer = await shipping.call('GET', `/shipments?orderId=${order.orderId}`, { as: anAdmin() });

    expect(answer).toEqual({ status: 200, body: [shipment] });
  });

  test('when another customer asks for the order\'s shipment, then 404', async () => {
    const { order } = await givenPendingShipment(shipping);

    const answer = await shipping.call('GET', `/shipments?orderId=${order.orderId}`, { as: aCustomer() });

    expect(answer.status).toBe(404);
  });

  test('when the order has no shipment yet, then an empty list', async () => {
    const answer = await shipping.call('GET', `/shipments?orderId=${randomUUID()}`, { as: aCustomer() });

    expect(answer).toEqual({ status: 200, body: [] });
  });

  test('when the orderId is missing or not a uuid, then 400; anonymous, then 401', async () => {
    const missing = await shipping.call('GET', '/shipments', { as: aCustomer() });
    const malformed = await shipping.call('GET', '/shipments?orderId=42', { as: aCustomer() });
    const anonymous = await shipping.call('GET', `/shipments?orderId=${randomUUID()}`);

    expect([missing.status, malformed.status, anonymous.status]).toEqual([400, 400, 401]);
  });
});

describe('GET /shipments/:id', () => {
  test('when the owner or an admin reads the shipment, then it is answered; another customer gets 404', async () => {
    const { order, shipment } = await givenPendingShipment(shipping);

    const asOwner = await shipping.call('GET', `/shipments/${shipment.id}`, { as: aCustomer(order.userId) });
    const asAdmin = await shipping.call('GET', `/shipments/${shipment.id}`, { as: anAdmin() });
    const asStranger = await shipping.call('GET', `/shipments/${shipment.id}`, { as: aCustomer() });

    expect(asOwner).toEqual({ status: 200, body: shipment });
    expect(asAdmin).toEqual({ status: 200, body: shipment });
    expect(asStranger.status).toBe(404);
  });

  test('when the id is unknown or not a uuid, then 404', async () => {
    const unknown = await shipping.call('GET', `/shipments/${randomUUID()}`, { as: anAdmin() });
    const malformed = await shipping.call('GET', '/shipments/42', { as: anAdmin() });

    expect([unknown.status, malformed.status]).toEqual([404, 404]);
  });
});
