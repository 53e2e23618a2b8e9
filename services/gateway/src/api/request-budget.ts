import type { Context } from 'koa';
import type { RedisRateLimits } from '../data/redis-rate-limits';
import { clientAddress } from '../domain/client-address';
import type { TrustedProxies } from '../domain/trusted-proxies';

/** The budget key of an anonymous caller: the client address, as far as the trusted proxies vouch for it. */
export const addressKeyOf = (ctx: Context, trustedProxies: TrustedProxies): string =>
  `ip:${clientAddress(ctx.req.socket.remoteAddress ?? '', ctx.get('x-forwarded-for') || undefined, trustedProxies)}`;

/** Takes one request from `key`'s budget (429 when it is spent) and tells the client what is left. */
export async function spendRequest(ctx: Context, limits: RedisRateLimits, key: string): Promise<void> {
  const allowance = await limits.takeRequest(key);
  ctx.set('ratelimit-limit', String(allowance.limit));
  ctx.set('ratelimit-remaining', String(allowance.remaining));
}
