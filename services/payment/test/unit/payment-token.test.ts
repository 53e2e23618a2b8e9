import { AppError } from '@shop/service-kit';
import { processorVerdict, verdictFor } from '../../src/domain/payment-token';

describe('the simulated processor', () => {
  test.each([
    ['tok_visa', { kind: 'capture', slow: false }],
    ['tok_slow', { kind: 'capture', slow: true }],
    ['tok_chargeDeclined', { kind: 'decline', reason: 'card_declined' }],
    ['tok_insufficientFunds', { kind: 'decline', reason: 'insufficient_funds' }],
    ['tok_unavailable', { kind: 'unavailable' }],
  ])('when the token is %s, then the processor answers %o', (token, expected) => {
    const verdict = verdictFor(token);

    expect(verdict).toMatchObject(expected);
  });

  test.each(['tok_mastercard', 'TOK_VISA', '', 'toString', '__proto__'])('when the token is %p, then the processor does not know it', (token) => {
    const verdict = verdictFor(token);

    expect(verdict).toBeUndefined();
  });

  test('when the token is unknown, then charging is refused with 422 (a caller mistake, never retried)', () => {
    const refusal = captureError(() => processorVerdict('tok_unknown'));

    expect(refusal).toMatchObject({ status: 422, kind: 'unprocessable' });
  });

  test('when the processor is unavailable, then charging fails with 503 (technical, so the caller retries)', () => {
    const failure = captureError(() => processorVerdict('tok_unavailable'));

    expect(failure).toMatchObject({ status: 503, kind: 'unavailable' });
  });

  test('when a refusal is described, then the token itself never appears in it', () => {
    const refusal = captureError(() => processorVerdict('tok_secret_4242'));

    expect(refusal.detail).not.toContain('tok_secret_4242');
  });
});

function captureError(act: () => unknown): AppError {
  try {
    act();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError');
}
