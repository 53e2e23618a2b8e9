import { isEntityId } from '../../src/domain/entity-id';
import { canCancel, deliveryPlanFor, dispatchAfter, isDue, isVisibleTo, type Shipment } from '../../src/domain/shipment';

const aShipment = (fields: Partial<Shipment> = {}): Shipment => ({
  id: '3f1c2b7e-8a2d-4c1e-9f0a-1b2c3d4e5f61',
  orderId: '7a9e1d44-2b6c-4f3a-8e1d-0c9b8a7f6e5d',
  userId: 'owner',
  status: 'PENDING',
  trackingNumber: 'SHOP-ABCDEFGH12345678',
  dispatchAfter: new Date('2026-01-01T00:01:00Z'),
  shippedAt: null,
  deliveredAt: null,
  ...fields,
});

describe('shipment rules', () => {
  test('when a shipment is PENDING, then it may be cancelled; once with the carrier or ended, it may not', () => {
    expect(canCancel('PENDING')).toBe(true);
    expect(canCancel('SHIPPED')).toBe(false);
    expect(canCancel('DELIVERED')).toBe(false);
    expect(canCancel('CANCELLED')).toBe(false);
  });

  test('when delivery is reported, then a PENDING one is dispatched first, a SHIPPED one delivered, a DELIVERED one left, a CANCELLED one refused', () => {
    expect(deliveryPlanFor('PENDING')).toBe('dispatch-then-deliver');
    expect(deliveryPlanFor('SHIPPED')).toBe('deliver');
    expect(deliveryPlanFor('DELIVERED')).toBe('already-delivered');
    expect(deliveryPlanFor('CANCELLED')).toBe('refuse');
  });

  test('when an order is confirmed, then its shipment is due after the dispatch delay', () => {
    const confirmedAt = new Date('2026-01-01T00:00:00Z');

    expect(dispatchAfter(confirmedAt, 60)).toEqual(new Date('2026-01-01T00:01:00Z'));
  });

  test('when the dispatch time is reached, then a PENDING shipment is due; before it, or in any other status, it is not', () => {
    const shipment = aShipment();

    expect(isDue(shipment, new Date('2026-01-01T00:00:59Z'))).toBe(false);
    expect(isDue(shipment, new Date('2026-01-01T00:01:00Z'))).toBe(true);
    expect(isDue(aShipment({ status: 'CANCELLED' }), new Date('2026-01-02T00:00:00Z'))).toBe(false);
  });

  test('when someone looks at a shipment, then its owner and admins see it and other customers do not', () => {
    const shipment = aShipment();

    expect(isVisibleTo(shipment, { userId: 'owner', isAdmin: false })).toBe(true);
    expect(isVisibleTo(shipment, { userId: 'someone-else', isAdmin: true })).toBe(true);
    expect(isVisibleTo(shipment, { userId: 'someone-else', isAdmin: false })).toBe(false);
  });

  test('when an id is not a uuid, then it names no entity', () => {
    expect(isEntityId('3f1c2b7e-8a2d-4c1e-9f0a-1b2c3d4e5f61')).toBe(true);
    expect(isEntityId('42')).toBe(false);
  });
});
