import { storableText } from '@shop/service-kit';
import { z } from 'zod';
import { MAX_QUANTITY } from '../domain/cart';

const Quantity = z.number().int().min(1).max(MAX_QUANTITY);

/** Uuids compare ignoring letter case: lower-cased here, one product is one line however the client spells its id. */
export const ProductId = z.uuid().transform((id) => id.toLowerCase());

export const AddItemBody = z.object({ productId: ProductId, quantity: Quantity });

export const ChangeQuantityBody = z.object({ quantity: Quantity });

/** The same address the order service validates; checked here too so a bad one is a 400 before anything happens. */
export const ShippingAddressBody = z.object({
  line1: storableText().trim().min(1).max(200),
  line2: storableText().trim().max(200).optional(),
  city: storableText().trim().min(1).max(100),
  postalCode: storableText().trim().min(1).max(20),
  country: storableText().trim().length(2, 'an ISO 3166-1 alpha-2 code, e.g. "US"'),
});

export const CheckOutBody = z.object({ shippingAddress: ShippingAddressBody, paymentToken: storableText().min(1).max(100) });

/** Idempotency-Key: an opaque client value; printable, bounded (as the order service accepts it). */
export const IdempotencyKey = z.string().regex(/^[\x21-\x7e]{1,200}$/, 'Idempotency-Key must be 1-200 printable characters');
