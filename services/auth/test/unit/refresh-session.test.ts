import { AppError } from '@shop/service-kit';
import { logIn } from '../../src/domain/log-in';
import { logOut } from '../../src/domain/log-out';
import { refreshSession } from '../../src/domain/refresh-session';
import { registerUser } from '../../src/domain/register-user';
import { hashRefreshToken } from '../../src/domain/refresh-token';
import { sessionDeps } from './fakes/session-deps';

async function loggedIn() {
  const deps = sessionDeps();
  const user = await registerUser({ email: 'ada@example.com', password: 'correct horse', name: 'Ada' }, deps);
  const pair = await logIn({ email: 'ada@example.com', password: 'correct horse' }, deps);
  const familyId = (await deps.refreshTokens.findByHash(hashRefreshToken(pair.refreshToken)))!.familyId;
  return { deps, user, pair, familyId };
}

const unauthenticated = expect.objectContaining({ kind: 'unauthenticated' }) as AppError;

describe('refreshing a session', () => {
  test('when a fresh refresh token is presented, then a new pair in the same family is issued and the old token is used up', async () => {
    const { deps, user, pair, familyId } = await loggedIn();

    const next = await refreshSession(pair.refreshToken, deps);

    expect(next.refreshToken).not.toBe(pair.refreshToken);
    expect(JSON.parse(next.accessToken)).toMatchObject({ sub: user.id });
    expect(deps.refreshTokens.family(familyId)).toHaveLength(2);
    expect((await deps.refreshTokens.findByHash(hashRefreshToken(pair.refreshToken)))!.usedAt).not.toBeNull();
  });

  test('when a used refresh token is presented again, then it is refused and its whole family revoked', async () => {
    const { deps, pair, familyId } = await loggedIn();
    const next = await refreshSession(pair.refreshToken, deps);

    const replay = refreshSession(pair.refreshToken, deps);

    await expect(replay).rejects.toEqual(unauthenticated);
    expect(deps.refreshTokens.family(familyId).every((token) => token.revokedAt)).toBe(true);
    await expect(refreshSession(next.refreshToken, deps)).rejects.toEqual(unauthenticated);
  });

  test('when a concurrent refresh used the token first, then this one counts as reuse and the family is revoked', async () => {
    const { deps, pair, familyId } = await loggedIn();
    deps.refreshTokens.loseNextRotation = true;

    const loser = refreshSession(pair.refreshToken, deps);

    await expect(loser).rejects.toEqual(unauthenticated);
    expect(deps.refreshTokens.family(familyId).every((token) => token.revokedAt)).toBe(true);
  });

  test('when the refresh token has expired, then it is refused without revoking the family', async () => {
    const { deps, pair, familyId } = await loggedIn();
    deps.time.now = new Date(deps.time.now.getTime() + 3_600_000);

    const late = refreshSession(pair.refreshToken, deps);

    await expect(late).rejects.toEqual(unauthenticated);
    expect(deps.refreshTokens.family(familyId).some((token) => token.revokedAt)).toBe(false);
  });

  test('when an unknown refresh token is presented, then it is refused', async () => {
    const { deps } = await loggedIn();

    const unknown = refreshSession('not-a-token-we-issued', deps);

    await expect(unknown).rejects.toEqual(unauthenticated);
  });

  test('when the owner logs out, then no token of the session refreshes any more', async () => {
    const { deps, user, pair } = await loggedIn();
    const next = await refreshSession(pair.refreshToken, deps);

    await logOut({ userId: user.id, refreshToken: next.refreshToken }, deps);

    await expect(refreshSession(next.refreshToken, deps)).rejects.toEqual(unauthenticated);
  });

  test('when someone else logs out with the token, then the session stays alive', async () => {
    const { deps, pair } = await loggedIn();

    await logOut({ userId: '00000000-0000-4000-8000-000000000000', refreshToken: pair.refreshToken }, deps);

    await expect(refreshSession(pair.refreshToken, deps)).resolves.toMatchObject({ tokenType: 'Bearer' });
  });
});
