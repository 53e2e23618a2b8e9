import { storableText } from '@shop/service-kit';
import { z } from 'zod';

const MAX_QUANTITY = 1_000_000_000;
const entityId = z.guid();
const count = z.number().int().min(0).max(MAX_QUANTITY);

export const StockBody = z.object({
  onHand: count,
  lowStockThreshold: count.optional(),
});

export const ReservationBody = z.object({
  orderId: entityId,
  items: z
    .array(z.object({ productId: entityId, quantity: z.number().int().min(1).max(10_000) }))
    .min(1)
    .max(100),
  ttlSeconds: z.number().int().min(1).max(7 * 24 * 60 * 60).optional(),
});

export const ReleaseBody = z.object({
  reason: storableText().trim().min(1).max(100),
});
