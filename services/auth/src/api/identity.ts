import { AppError } from '@shop/service-kit';
import type { Context } from 'koa';
import { z } from 'zod';

const UserId = z.uuid();

/** The caller's id as set by the gateway after it verified the access token. */
export function requireUserId(ctx: Context): string {
  const parsed = UserId.safeParse(ctx.get('x-user-id'));
  if (!parsed.success) throw AppError.unauthenticated();
  return parsed.data;
}
