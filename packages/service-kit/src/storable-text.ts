import { z } from 'zod';

/**
 * What Postgres cannot store as it was sent: NUL (U+0000), which `text` refuses outright ("invalid byte sequence") and
 * `jsonb` refuses as the `\u0000` escape; and a UTF-16 surrogate that pairs with nothing (e.g. "\uD800"), which JSON
 * allows, `jsonb` refuses as an escape, and UTF-8 cannot encode at all (Node would store U+FFFD instead, so two
 * different strings would become one). In Unicode mode a lone surrogate is its own code point of category Cs, while
 * a valid pair reads as one astral code point, so this matches only the unpaired ones.
 */
const UNSTORABLE = /[\u0000\p{Cs}]/u;

export const UNSTORABLE_TEXT_MESSAGE = 'must not contain NUL characters or unpaired UTF-16 surrogates';

export const isStorableText = (value: string): boolean => !UNSTORABLE.test(value);

/**
 * The string every request schema starts from (`storableText().trim().min(1).max(100)`): refused with 400 at the edge
 * when it holds what the database would fail on, instead of a 500 from the insert, or a lookup, later.
 */
export const storableText = (): z.ZodString => z.string().refine(isStorableText, { message: UNSTORABLE_TEXT_MESSAGE, abort: true });

/**
 * Where a JSON value holds text that is not storable (as JSON pointers, keys included), e.g. `["/shippingAddress/city"]`:
 * for JSON that ends up in `jsonb` or in text columns without passing a request schema, such as an event's data.
 */
export function unstorableTextPaths(value: unknown, pointer = ''): string[] {
  if (typeof value === 'string') return isStorableText(value) ? [] : [pointer || '/'];
  if (Array.isArray(value)) return value.flatMap((item, index) => unstorableTextPaths(item, `${pointer}/${index}`));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, item]) => {
    const here = `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    return isStorableText(key) ? unstorableTextPaths(item, here) : [here];
  });
}
