import { AppError } from '@shop/service-kit';
import Redis from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';

export interface RateLimitSettings {
  redisUrl: string;
  requestsPerMinute: number;
  loginFailuresAllowed: number;
  loginWindowSeconds: number;
}

export interface Allowance {
  limit: number;
  remaining: number;
}

/**
 * Request and login-failure counters in Redis, so every gateway replica counts against the same budget. A caller over
 * budget gets 429 with Retry-After (seconds until the window frees a request).
 * While Redis is unreachable, requests are counted per replica in memory (the same limit, so a client gets at most
 * replicas × limit): the shop stays open through a Redis restart. Login failures fail closed instead (503), since
 * a per-replica count would multiply a password guesser's budget.
 */
export class RedisRateLimits {
  private readonly redis: Redis;
  private readonly requests: RateLimiterRedis;
  private readonly loginFailures: RateLimiterRedis;

  constructor(private readonly settings: RateLimitSettings) {
    this.redis = new Redis(settings.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1, lazyConnect: true });
    this.requests = new RateLimiterRedis({
      storeClient: this.redis,
      keyPrefix: 'gateway-requests',
      points: settings.requestsPerMinute,
      duration: 60,
      insuranceLimiter: new RateLimiterMemory({ keyPrefix: 'gateway-requests', points: settings.requestsPerMinute, duration: 60 }),
    });
    this.loginFailures = new RateLimiterRedis({ storeClient: this.redis, keyPrefix: 'gateway-login-failures', points: settings.loginFailuresAllowed, duration: settings.loginWindowSeconds });
  }

  async connect(): Promise<void> {
    await this.redis.connect();
  }

  async check(): Promise<void> {
    if ((await this.redis.ping()) !== 'PONG') throw new Error('redis did not answer PONG');
  }

  /** Takes one request from the caller's budget, or refuses with 429. */
  async takeRequest(key: string): Promise<Allowance> {
    try {
      const result = await this.requests.consume(key, 1);
      return { limit: this.settings.requestsPerMinute, remaining: result.remainingPoints };
    } catch (error) {
      throw refusal(error, `more than ${this.settings.requestsPerMinute} requests in a minute`);
    }
  }

  /** Refuses a login for an account that failed too often in the window, before asking auth. */
  async assertLoginAllowed(account: string): Promise<void> {
    const state = await this.loginFailures.get(account).catch((error: unknown) => {
      throw refusal(error, 'login attempts cannot be counted right now');
    });
    if (state && state.consumedPoints >= this.settings.loginFailuresAllowed) {
      throw refusal(state, `too many failed logins for this account; try again later`);
    }
  }

  async recordLoginFailure(account: string): Promise<void> {
    await this.loginFailures.penalty(account, 1);
  }

  async recordLoginSuccess(account: string): Promise<void> {
    await this.loginFailures.delete(account);
  }

  async close(): Promise<void> {
    this.redis.disconnect();
  }
}

function refusal(error: unknown, detail: string): AppError {
  if (error instanceof RateLimiterRes) {
    const retryAfter = Math.max(1, Math.ceil(error.msBeforeNext / 1000));
    return new AppError('rate-limited', detail, undefined, { 'retry-after': String(retryAfter) });
  }
  // Redis unreachable for a login check: refuse rather than count failures per replica.
  return new AppError('unavailable', 'rate limiting is unavailable, try again shortly');
}
