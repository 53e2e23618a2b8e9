import { AppError, storableText } from '@shop/service-kit';
import { z } from 'zod';

export interface Product {
  id: string;
  sku: string;
  name: string;
  description: string;
  priceCents: number;
  currency: string;
  categoryId: string;
  createdAt: string;
  updatedAt: string;
}

export const MAX_PRICE_CENTS = 100_000_000;
export const SUPPORTED_CURRENCIES: readonly string[] = ['USD'];

const sku = storableText()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'sku: 1 to 64 letters, digits, ".", "_" or "-", starting with a letter or digit');
const name = storableText().trim().min(1).max(200);
const description = storableText().trim().max(5_000);
const priceCents = z.number().int().positive().max(MAX_PRICE_CENTS);
const currency = storableText();
const categoryId = z.guid();

export const newProductSchema = z.object({
  sku,
  name,
  description: description.default(''),
  priceCents,
  currency: currency.default('USD'),
  categoryId,
});
export type NewProduct = z.infer<typeof newProductSchema>;

export const productPatchSchema = z
  .object({
    sku: sku.optional(),
    name: name.optional(),
    description: description.optional(),
    priceCents: priceCents.optional(),
    currency: currency.optional(),
    categoryId: categoryId.optional(),
  })
  .refine((patch) => Object.values(patch).some((value) => value !== undefined), {
    message: 'at least one of sku, name, description, priceCents, currency, categoryId is required',
  });
export type ProductPatch = z.infer<typeof productPatchSchema>;

/** The shape is valid but the platform does not sell in this currency yet: 422, not 400. */
export function assertSupportedCurrency(value: string | undefined): void {
  if (value !== undefined && !SUPPORTED_CURRENCIES.includes(value)) {
    throw AppError.unprocessable(`currency ${value} is not supported; supported: ${SUPPORTED_CURRENCIES.join(', ')}`);
  }
}

export const productNotFound = (id: string) => AppError.notFound(`product ${id} does not exist`);
export const skuTaken = (value: string) => AppError.conflict(`a product with sku ${value} already exists`);
export const unknownCategory = (id: string) => AppError.unprocessable(`category ${id} does not exist`);
