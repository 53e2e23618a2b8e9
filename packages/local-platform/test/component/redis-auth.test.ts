import Redis from 'ioredis';

/** The component environment's Redis, started by the runner like the platform's (the global setup's). */
const port = () => Number(process.env.COMPONENT_REDIS_PORT);

async function ask(client: Redis, command: () => Promise<unknown>): Promise<unknown> {
  try {
    await client.connect();
    return await command();
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    client.disconnect();
  }
}

describe('the local Redis', () => {
  it('when a client connects without the password, then every command is refused', async () => {
    const anonymous = new Redis({ host: '127.0.0.1', port: port(), lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });

    const answer = await ask(anonymous, () => anonymous.get('anything'));

    expect(answer).toMatch(/NOAUTH/);
  });

  it('when a client gives a wrong password, then it is refused', async () => {
    const guesser = new Redis({ host: '127.0.0.1', port: port(), password: 'not-the-password', lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });

    const answer = await ask(guesser, () => guesser.ping());

    expect(answer).toMatch(/WRONGPASS|invalid password/);
  });

  it('when a client gives the password of the local secret store, then it is served', async () => {
    const client = new Redis(process.env.COMPONENT_REDIS_URL!, { lazyConnect: true, maxRetriesPerRequest: 0 });

    const answer = await ask(client, () => client.ping());

    expect(answer).toBe('PONG');
  });
});
