import { AppError } from '@shop/service-kit';
import type { Middleware } from 'koa';

/** The caller as the gateway vouches for it (it verified the JWT and strips these headers from client requests). */
export interface Caller {
  id: string;
  roles: string[];
}

export function callerOf(headers: Record<string, string | string[] | undefined>): Caller | undefined {
  const id = headers['x-user-id'];
  if (typeof id !== 'string' || id.trim() === '') return undefined;
  const roles = typeof headers['x-user-roles'] === 'string' ? headers['x-user-roles'].split(',') : [];
  return { id: id.trim(), roles: roles.map((role) => role.trim()).filter(Boolean) };
}

/** Catalog writes are for administrators: anonymous → 401, any other role → 403. */
export const adminOnly: Middleware = async (ctx, next) => {
  const caller = callerOf(ctx.headers);
  if (!caller) throw AppError.unauthenticated();
  if (!caller.roles.includes('admin')) throw AppError.forbidden();
  await next();
};
