import type { AccessTokenSigner } from '../../../src/domain/access-token';
import type { RegisterDeps } from '../../../src/domain/register-user';
import type { SessionDeps } from '../../../src/domain/session';
import { FakePasswordHasher } from './fake-password-hasher';
import { InMemoryRefreshTokens } from './in-memory-refresh-tokens';
import { InMemoryUsers } from './in-memory-users';

/** A signer whose "token" is the claims in plain JSON, so tests can read what would have been signed. */
const readableSigner: AccessTokenSigner = {
  sign: async (claims) => JSON.stringify(claims),
  publicKeys: () => ({ keys: [] }),
};

/** Every port of the use cases, in memory; `time.now` is the clock and may be moved by a test. */
export function sessionDeps(start = new Date('2030-06-01T12:00:00Z')) {
  const users = new InMemoryUsers();
  const time = { now: start };
  return {
    users,
    passwords: new FakePasswordHasher(),
    refreshTokens: new InMemoryRefreshTokens(),
    signer: readableSigner,
    lifetimes: { accessTokenSeconds: 900, refreshTokenSeconds: 3_600 },
    clock: () => time.now,
    inTransaction: users.inTransaction,
    time,
  } satisfies SessionDeps & RegisterDeps & { time: { now: Date } };
}
