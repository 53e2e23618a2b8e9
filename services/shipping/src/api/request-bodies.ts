import { z } from 'zod';

export const ShipmentsQuery = z.object({ orderId: z.uuid() });

/** The order service asking, through invocation, to stop an order's shipment before it refunds anything. */
export const ShipmentCancellationBody = z.object({ orderId: z.uuid(), userId: z.uuid() });
