import type { Middleware } from 'koa';
import type { RedisRateLimits } from '../data/redis-rate-limits';
import type { TrustedProxies } from '../domain/trusted-proxies';
import { addressKeyOf, spendRequest } from './request-budget';

/**
 * The public /readyz fans out to every service's readiness: each call costs its caller one request of the minute's
 * budget, like any API call, so it cannot be used to load the shop for free.
 */
export function readinessLimit(limits: RedisRateLimits, trustedProxies: TrustedProxies): Middleware {
  return async (ctx, next) => {
    await spendRequest(ctx, limits, addressKeyOf(ctx, trustedProxies));
    await next();
  };
}
