import net from 'node:net';

/**
 * Seconds until the Redis key expires (-1: no expiry, -2: no key), asked of the component environment's Redis
 * directly: the Dapr state API does not report the TTL it applied for this store.
 */
export function redisTtlOf(key: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(process.env.COMPONENT_REDIS_PORT), '127.0.0.1');
    let answer = '';
    socket.on('connect', () => socket.write(`*2\r\n$3\r\nTTL\r\n$${Buffer.byteLength(key)}\r\n${key}\r\n`));
    socket.on('data', (chunk) => {
      answer += chunk.toString('utf8');
      if (answer.endsWith('\r\n')) {
        socket.end();
        if (!answer.startsWith(':')) reject(new Error(`redis answered ${answer.trim()}`));
        else resolve(Number(answer.slice(1).trim()));
      }
    });
    socket.on('error', reject);
  });
}

/** How daprd names a key of the app `component-tests` in Redis. */
export const redisKeyOf = (stateKey: string) => `component-tests||${stateKey}`;
