import { Counter, type Registry } from 'prom-client';
import { CHARGE_ATTEMPT_OUTCOMES, type PaymentMetrics } from './domain/ports';

/** Charge attempts by outcome and the captured amount, in the instance's registry (served by /metrics). */
export function createPaymentMetrics(registry: Registry): PaymentMetrics {
  const attempts = new Counter({
    name: 'shop_payment_attempts_total',
    help: 'Charge attempts by outcome: captured, declined, unavailable (processor down, retried), rejected (unknown token), repeated (answered from an earlier attempt)',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });
  // Every outcome at 0 from the start, so the success rate has both sides before the first decline.
  for (const outcome of CHARGE_ATTEMPT_OUTCOMES) attempts.inc({ outcome }, 0);
  const captured = new Counter({ name: 'shop_payment_captured_cents_total', help: 'Amount captured by new charges, in US cents', registers: [registry] });
  return {
    chargeAttempt(outcome, amountCents) {
      attempts.inc({ outcome });
      if (outcome === 'captured') captured.inc(amountCents);
    },
  };
}
