import Redis from 'ioredis';

/**
 * Seconds until the Redis key expires (-1: no expiry, -2: no key), asked of the component environment's Redis
 * directly (with its password): the Dapr state API does not report the TTL it applied for this store.
 */
export async function redisTtlOf(key: string): Promise<number> {
  const redis = new Redis(process.env.COMPONENT_REDIS_URL!, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    return await redis.ttl(key);
  } finally {
    redis.disconnect();
  }
}

/** How daprd names a key of the app `component-tests` in Redis. */
export const redisKeyOf = (stateKey: string) => `component-tests||${stateKey}`;
