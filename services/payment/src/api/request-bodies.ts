import { z } from 'zod';
import { pageRequestSchema, storableText } from '@shop/service-kit';

const MAX_INTEGER_CENTS = 2_147_483_647;

export const ChargeBody = z.object({
  orderId: z.uuid(),
  userId: z.uuid(),
  amountCents: z.number().int().positive().max(MAX_INTEGER_CENTS),
  currency: z.literal('USD'),
  paymentToken: storableText().min(1).max(100),
});

export const RefundBody = z.object({
  orderId: z.uuid(),
  reason: storableText().trim().min(1).max(200),
});

export const PaymentsQuery = pageRequestSchema.extend({
  orderId: z.uuid().optional(),
});
