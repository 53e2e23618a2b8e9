import { AppError, CALLER_HEADERS, type DaprSidecar } from '@shop/service-kit';
import type { OrderAnswer, OrderPlacement } from '../domain/ports';

/**
 * Places the order through service invocation as the customer: the order service reads the same identity headers the
 * gateway gave us, and the same Idempotency-Key makes a retried checkout the same order.
 */
export function createOrderClient(sidecar: Pick<DaprSidecar, 'invoke'>, appId: string, timeoutMs: number): OrderPlacement {
  return {
    async place({ customer, idempotencyKey, items, shippingAddress, paymentToken }): Promise<OrderAnswer> {
      const response = await sidecar.invoke(appId, {
        method: 'POST',
        path: 'orders',
        headers: {
          [CALLER_HEADERS.userId]: customer.id,
          [CALLER_HEADERS.roles]: customer.roles.join(','),
          [CALLER_HEADERS.email]: customer.email,
          'idempotency-key': idempotencyKey,
        },
        body: { items, shippingAddress, paymentToken },
        timeoutMs,
      });
      const body = jsonOf(response.body.toString('utf8'));
      if (response.status < 500) return { status: response.status, body };
      const detail = (body as { detail?: string } | undefined)?.detail ?? `${appId} answered ${response.status}`;
      throw new AppError(response.status === 503 ? 'unavailable' : response.status === 504 ? 'timeout' : 'bad-gateway', detail);
    },
  };
}

function jsonOf(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return { detail: text.slice(0, 300) };
  }
}
