import { isEntityId } from '../../src/domain/entity-id';
import { dispatchAfter, isDue, isVisibleTo, shipmentDecision, type Shipment } from '../../src/domain/shipment';

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
  test('when an order is cancelled, then a PENDING shipment is cancelled, a missing one recorded CANCELLED, a CANCELLED one left, and one that left refused', () => {
    expect(shipmentDecision('PENDING', 'cancel')).toEqual({ outcome: 'move', steps: ['cancel'] });
    expect(shipmentDecision(undefined, 'cancel')).toEqual({ outcome: 'record-cancelled' });
    expect(shipmentDecision('CANCELLED', 'cancel')).toEqual({ outcome: 'already' });
    expect(shipmentDecision('SHIPPED', 'cancel')).toEqual({ outcome: 'refused' });
    expect(shipmentDecision('DELIVERED', 'cancel')).toEqual({ outcome: 'refused' });
  });

  test('when delivery is reported, then a PENDING one is dispatched first, a SHIPPED one delivered, a DELIVERED one left, a CANCELLED or missing one refused', () => {
    expect(shipmentDecision('PENDING', 'deliver')).toEqual({ outcome: 'move', steps: ['ship', 'deliver'] });
    expect(shipmentDecision('SHIPPED', 'deliver')).toEqual({ outcome: 'move', steps: ['deliver'] });
    expect(shipmentDecision('DELIVERED', 'deliver')).toEqual({ outcome: 'already' });
    expect(shipmentDecision('CANCELLED', 'deliver')).toEqual({ outcome: 'refused' });
    expect(shipmentDecision(undefined, 'deliver')).toEqual({ outcome: 'refused' });
  });

  test('when a delivery and a cancellation meet a PENDING shipment in either order, then whichever comes second is refused', () => {
    const deliveredFirst = shipmentDecision('PENDING', 'deliver');
    const cancelledFirst = shipmentDecision('PENDING', 'cancel');

    expect(deliveredFirst).toEqual({ outcome: 'move', steps: ['ship', 'deliver'] });
    expect(shipmentDecision('DELIVERED', 'cancel')).toEqual({ outcome: 'refused' });
    expect(cancelledFirst).toEqual({ outcome: 'move', steps: ['cancel'] });
    expect(shipmentDecision('CANCELLED', 'deliver')).toEqual({ outcome: 'refused' });
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
