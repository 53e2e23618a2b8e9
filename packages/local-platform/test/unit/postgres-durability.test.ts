import { postgresDurabilityFromEnvironment } from '../../src/postgres';

describe('how durable the local Postgres is', () => {
  it('when nothing is asked for, then every commit is on disk before it is acknowledged', () => {
    expect(postgresDurabilityFromEnvironment({})).toBe('durable');
  });

  it('when POSTGRES_DURABILITY=fast, then fast (a benchmark measuring the cost of durability)', () => {
    expect(postgresDurabilityFromEnvironment({ POSTGRES_DURABILITY: 'fast' })).toBe('fast');
  });

  it('when POSTGRES_DURABILITY holds anything else, then start-up stops naming the two choices', () => {
    expect(() => postgresDurabilityFromEnvironment({ POSTGRES_DURABILITY: 'off' })).toThrow(/durable or fast, not off/);
  });
});
