import { z } from 'zod';
import type { AppError } from '../errors';

const EntityId = z.guid().transform((id) => id.toLowerCase());

/**
 * A path parameter naming a row by its uuid, canonical (lower-case) when it is one. Anything else (`42`, `%00`, CRLF,
 * a lone surrogate) cannot name a row, so the caller's `notFound` answers it (404, like an id that does not exist),
 * before the database could refuse the cast.
 */
export function entityIdParam(raw: string | undefined, notFound: (raw: string) => AppError): string {
  const parsed = EntityId.safeParse(raw);
  if (!parsed.success) throw notFound(raw ?? '');
  return parsed.data;
}
