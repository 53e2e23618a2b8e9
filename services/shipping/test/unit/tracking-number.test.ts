import { EventContracts, findContractsDirectory } from '@shop/service-kit';
import { newTrackingNumber, TRACKING_ALPHABET, TRACKING_NUMBER_PATTERN } from '../../src/domain/tracking-number';

describe('tracking numbers', () => {
  test('when a tracking number is made, then it is SHOP- and 16 uppercase letters or digits', () => {
    const numbers = Array.from({ length: 200 }, () => newTrackingNumber());

    for (const number of numbers) expect(number).toMatch(TRACKING_NUMBER_PATTERN);
  });

  test('when many are made, then they differ', () => {
    const numbers = new Set(Array.from({ length: 1_000 }, () => newTrackingNumber()));

    expect(numbers.size).toBe(1_000);
  });

  test('when the random draws are fixed, then every symbol comes from the alphabet, first to last', () => {
    let draw = 0;

    const number = newTrackingNumber((size) => (draw++ * 7) % size);

    expect(number).toBe(`SHOP-${Array.from({ length: 16 }, (_, i) => TRACKING_ALPHABET[(i * 7) % 36]).join('')}`);
  });

  test('when a tracking number goes into shipment.created, then it matches the contract pattern', () => {
    const contracts = new EventContracts(findContractsDirectory());
    const data = {
      shipmentId: '3f1c2b7e-8a2d-4c1e-9f0a-1b2c3d4e5f61',
      orderId: '7a9e1d44-2b6c-4f3a-8e1d-0c9b8a7f6e5d',
      userId: '3f1c2b7e-8a2d-4c1e-9f0a-1b2c3d4e5f60',
      trackingNumber: newTrackingNumber(),
      shippedAt: new Date().toISOString(),
    };

    expect(() => contracts.assertValid('shipment.created', data)).not.toThrow();
  });
});
