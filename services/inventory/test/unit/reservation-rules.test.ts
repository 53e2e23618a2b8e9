import {
  answerFor,
  combineAdjustments,
  commitDecision,
  mergeItems,
  stockReturnedByRelease,
  type Reservation,
  type ReservationStatus,
} from '../../src/domain/reservation';

const A = '00000000-0000-4000-8000-00000000000a';
const B = '00000000-0000-4000-8000-00000000000b';
const C = '00000000-0000-4000-8000-00000000000c';
const ORDER = '11111111-1111-4111-8111-111111111111';

const aReservation = (status: ReservationStatus): Reservation => ({
  orderId: ORDER,
  status,
  expiresAt: new Date('2030-01-01T00:15:00.000Z'),
  items: [
    { productId: A, quantity: 2 },
    { productId: B, quantity: 1 },
  ],
});

describe('merging the items of a reservation request', () => {
  it('when a product appears more than once, then its quantities are added into one line', () => {
    const items = mergeItems([
      { productId: A, quantity: 2 },
      { productId: B, quantity: 1 },
      { productId: A, quantity: 3 },
    ]);

    expect(items).toEqual([
      { productId: A, quantity: 5 },
      { productId: B, quantity: 1 },
    ]);
  });

  it('when items come in any order, then they are ordered by product id (the order stock rows are locked in)', () => {
    const items = mergeItems([
      { productId: C, quantity: 1 },
      { productId: A, quantity: 1 },
      { productId: B, quantity: 1 },
    ]);

    expect(items.map((item) => item.productId)).toEqual([A, B, C]);
  });
});

describe('answering a repeated reserve', () => {
  it.each<ReservationStatus>(['reserved', 'committed', 'released', 'expired'])('when the reservation is %s, then the answer is its current state', (status) => {
    const answer = answerFor(aReservation(status));

    expect(answer).toEqual({ outcome: status, orderId: ORDER, expiresAt: '2030-01-01T00:15:00.000Z' });
  });
});

describe('deciding a commit', () => {
  it('when the reservation is live, then it commits', () => {
    const reservation = aReservation('reserved');

    const decision = commitDecision(reservation);

    expect(decision).toEqual({ commit: reservation });
  });

  it.each([
    ['committed', { outcome: 'committed' }],
    ['expired', { outcome: 'expired' }],
    ['released', { outcome: 'released' }],
  ] as const)('when the reservation is already %s, then it answers %j without committing', (status, outcome) => {
    const decision = commitDecision(aReservation(status));

    expect(decision).toEqual({ answer: outcome });
  });

  it('when there is no reservation, then it answers not_found', () => {
    const decision = commitDecision(undefined);

    expect(decision).toEqual({ answer: { outcome: 'not_found' } });
  });
});

describe('the stock a release gives back', () => {
  it('when the reservation is live, then its reserved units are freed and on hand is untouched', () => {
    const returned = stockReturnedByRelease(aReservation('reserved'));

    expect(returned).toEqual([
      { productId: A, onHand: 0, reserved: -2 },
      { productId: B, onHand: 0, reserved: -1 },
    ]);
  });

  it('when the reservation was committed, then its units go back on hand', () => {
    const returned = stockReturnedByRelease(aReservation('committed'));

    expect(returned).toEqual([
      { productId: A, onHand: 2, reserved: 0 },
      { productId: B, onHand: 1, reserved: 0 },
    ]);
  });

  it.each<ReservationStatus>(['released', 'expired'])('when the reservation is already %s, then nothing comes back', (status) => {
    const returned = stockReturnedByRelease(aReservation(status));

    expect(returned).toEqual([]);
  });
});

describe('combining the adjustments of a batch', () => {
  it('when several reservations touch one product, then it gets one summed adjustment, in product id order', () => {
    const combined = combineAdjustments([
      { productId: B, onHand: 0, reserved: -1 },
      { productId: A, onHand: 0, reserved: -2 },
      { productId: B, onHand: 0, reserved: -3 },
    ]);

    expect(combined).toEqual([
      { productId: A, onHand: 0, reserved: -2 },
      { productId: B, onHand: 0, reserved: -4 },
    ]);
  });
});
