import { AppError, entityIdParam, pageRequestSchema, storableText } from '@shop/service-kit';
import { z } from 'zod';
import { MAX_NAME_LENGTH } from '../domain/profile';

const text = (max: number) => storableText().trim().min(1).max(max);

/** E.164-ish: spaces, dashes, dots and brackets are tolerated on input and removed before storing. */
const PhoneNumber = storableText()
  .trim()
  .transform((value) => value.replace(/[\s().-]/g, ''))
  .pipe(z.string().regex(/^\+[1-9][0-9]{6,14}$/, 'must be an international number such as +4915123456789'));

/**
 * Only name and phone are writable. z.object strips unknown keys, so id, email, roles, userId, timestamps or anything
 * else a client sends is dropped here and never reaches the database.
 */
export const ProfilePatchBody = z.object({
  name: text(MAX_NAME_LENGTH).optional(),
  phone: PhoneNumber.nullable().optional(),
});

const CountryCode = storableText()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{2}$/, 'must be a two-letter ISO 3166-1 country code such as DE');

/** An empty second line means "none", as address forms send it. */
const SecondLine = storableText()
  .trim()
  .max(200)
  .transform((value) => value || null)
  .nullable();

const addressFields = {
  line1: text(200),
  line2: SecondLine.optional(),
  city: text(100),
  postalCode: text(20),
  country: CountryCode,
};

export const NewAddressBody = z.object(addressFields).transform((address) => ({ ...address, line2: address.line2 ?? null }));

export const AddressPatchBody = z.object(addressFields).partial();

export const AddressesQuery = pageRequestSchema;

/** A malformed id names no address: 404, like an id that does not exist or belongs to someone else. */
export const addressIdOf = (raw: string | undefined): string => entityIdParam(raw, (id) => AppError.notFound(`address ${id} was not found`));
