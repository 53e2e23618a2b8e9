import type { Middleware } from 'koa';
import type { RedisRateLimits } from '../data/redis-rate-limits';
import { clientAddress } from '../domain/client-address';
import type { TrustedProxies } from '../domain/trusted-proxies';

/**
 * The public /readyz fans out to every service's readiness: each call costs its caller one request of the minute's
 * budget, like any API call, so it cannot be used to load the shop for free.
 */
export function readinessLimit(limits: RedisRateLimits, trustedProxies: TrustedProxies): Middleware {
  return async (ctx, next) => {
    const address = clientAddress(ctx.req.socket.remoteAddress ?? '', ctx.get('x-forwarded-for') || undefined, trustedProxies);
    const allowance = await limits.takeRequest(`ip:${address}`);
    ctx.set('ratelimit-limit', String(allowance.limit));
    ctx.set('ratelimit-remaining', String(allowance.remaining));
    await next();
  };
}
