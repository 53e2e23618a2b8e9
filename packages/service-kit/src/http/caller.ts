import type { Context, Middleware } from 'koa';
import { z } from 'zod';
import { AppError } from '../errors';

/**
 * The headers the gateway sets after verifying an access token; it removes any a client sent. Services trust them
 * because only the gateway's sidecar reaches them by invocation.
 */
export const CALLER_HEADERS = {
  userId: 'x-user-id',
  roles: 'x-user-roles',
  email: 'x-user-email',
} as const;

export interface Caller {
  id: string;
  email: string;
  roles: string[];
}

const UserId = z.uuid();

/** The caller named by the identity headers, or undefined for an anonymous request (or a malformed id). */
export function callerOf(headers: Record<string, string | string[] | undefined>): Caller | undefined {
  const id = headers[CALLER_HEADERS.userId];
  if (typeof id !== 'string' || !UserId.safeParse(id.trim()).success) return undefined;
  const roles = headers[CALLER_HEADERS.roles];
  const email = headers[CALLER_HEADERS.email];
  return {
    id: id.trim(),
    email: typeof email === 'string' ? email : '',
    roles: typeof roles === 'string' ? roles.split(',').map((role) => role.trim()).filter(Boolean) : [],
  };
}

/** The caller, or 401 when the request is anonymous. */
export function requireCaller(ctx: Context): Caller {
  const caller = callerOf(ctx.headers);
  if (!caller) throw AppError.unauthenticated();
  return caller;
}

/** Route guard: anonymous → 401, a caller without the role → 403. */
export function requireRole(role: string): Middleware {
  return async (ctx, next) => {
    if (!requireCaller(ctx).roles.includes(role)) throw AppError.forbidden();
    await next();
  };
}
