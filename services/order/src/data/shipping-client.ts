import type { DaprSidecar } from '@shop/service-kit';
import type { Shipping, ShipmentCancellation } from '../domain/ports';
import { callForOutcome } from './service-calls';

/**
 * Asks shipping, through service invocation, to stop an order's parcel (POST /shipment-cancellations, which only
 * order may call). Shipping answers both outcomes with 200, so a refusal never counts against a circuit breaker; any
 * other answer is `unavailable`.
 */
export class ShippingClient implements Shipping {
  constructor(private readonly sidecar: DaprSidecar, private readonly appId: string, private readonly timeoutMs: number) {}

  cancelShipment(order: { orderId: string; userId: string }): Promise<ShipmentCancellation> {
    return callForOutcome<ShipmentCancellation>(this.sidecar, this.appId, { method: 'POST', path: 'shipment-cancellations', body: order, timeoutMs: this.timeoutMs });
  }
}
