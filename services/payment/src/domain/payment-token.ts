import { AppError } from '@shop/service-kit';
import type { DeclineReason } from './payment';

/** What the simulated processor answers for a payment token (see CONTRACT.md, "Simulated payment tokens"). */
export type ProcessorVerdict =
  | { kind: 'capture'; brand: string; slow: boolean }
  | { kind: 'decline'; brand: string; reason: DeclineReason }
  | { kind: 'unavailable' };

const SIMULATED_TOKENS: Readonly<Record<string, ProcessorVerdict>> = {
  tok_visa: { kind: 'capture', brand: 'visa', slow: false },
  tok_chargeDeclined: { kind: 'decline', brand: 'chargeDeclined', reason: 'card_declined' },
  tok_insufficientFunds: { kind: 'decline', brand: 'insufficientFunds', reason: 'insufficient_funds' },
  tok_slow: { kind: 'capture', brand: 'slow', slow: true },
  tok_unavailable: { kind: 'unavailable' },
};

/** The verdict for a known token, undefined for any other. */
export function verdictFor(token: string): ProcessorVerdict | undefined {
  return Object.hasOwn(SIMULATED_TOKENS, token) ? SIMULATED_TOKENS[token] : undefined;
}

/**
 * The verdict of a processor that is up. An unknown token is the caller's mistake (422, never retried); an
 * unavailable processor is a technical failure (503), so the caller's resiliency policy retries it.
 */
export function processorVerdict(token: string): Exclude<ProcessorVerdict, { kind: 'unavailable' }> {
  const verdict = verdictFor(token);
  if (!verdict) throw AppError.unprocessable('the payment token is not one the processor knows');
  if (verdict.kind === 'unavailable') throw new AppError('unavailable', 'the payment processor is unavailable; retry later');
  return verdict;
}
