import { storableText } from '@shop/service-kit';
import { z } from 'zod';
import { MAX_LINE_QUANTITY, MAX_ORDER_LINES } from '../domain/order';

/**
 * Uuids compare ignoring letter case: lower-cased here, so one product spelled two ways merges into one line like any
 * repeated id (and the body hash does not depend on the spelling).
 */
const ProductId = z.uuid().transform((id) => id.toLowerCase());

export const ShippingAddressBody = z.object({
  line1: storableText().trim().min(1).max(200),
  line2: storableText().trim().max(200).optional(),
  city: storableText().trim().min(1).max(100),
  postalCode: storableText().trim().min(1).max(20),
  country: storableText().trim().length(2, 'an ISO 3166-1 alpha-2 code, e.g. "US"'),
});

export const PlaceOrderBody = z.object({
  items: z.array(z.object({ productId: ProductId, quantity: z.number().int().min(1).max(MAX_LINE_QUANTITY) })).min(1).max(MAX_ORDER_LINES),
  shippingAddress: ShippingAddressBody,
  paymentToken: storableText().min(1).max(100),
  couponCode: storableText().trim().min(1).max(50).optional(),
});

/** Idempotency-Key: an opaque client value; printable, bounded. */
export const IdempotencyKey = z.string().regex(/^[\x21-\x7e]{1,200}$/, 'Idempotency-Key must be 1-200 printable characters');
