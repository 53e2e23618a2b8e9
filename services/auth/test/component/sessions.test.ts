import { registerAndLogIn, startAuth, uniqueEmail, type AuthUnderTest } from './auth-under-test';

let auth: AuthUnderTest;

beforeAll(async () => {
  auth = await startAuth();
});

afterAll(async () => {
  await auth.stop();
});

const tokenRow = (refreshToken: string) =>
  auth.db('refresh_tokens').whereRaw(`token_hash = encode(sha256(convert_to(?, 'UTF8')), 'hex')`, [refreshToken]).first();

describe('POST /auth/login', () => {
  test('when the credentials are right, then 200 returns a bearer pair and only the refresh token hash is stored', async () => {
    const email = uniqueEmail('login');
    await auth.post('/auth/register', { email, password: 'right-password', name: 'Login' });

    const response = await auth.post('/auth/login', { email: email.toUpperCase(), password: 'right-password' });

    expect(response.status).toBe(200);
    expect(response.body).toEqual({ accessToken: expect.any(String), refreshToken: expect.any(String), expiresIn: 900, tokenType: 'Bearer' });
    expect(response.body.refreshToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const row = await tokenRow(response.body.refreshToken);
    expect(row).toMatchObject({ used_at: null, revoked_at: null });
    expect(JSON.stringify(await auth.db('refresh_tokens').where({ id: row.id }))).not.toContain(response.body.refreshToken);
  });

  test('when the password is wrong or the email unknown, then both get the same 401', async () => {
    const email = uniqueEmail('wrong');
    await auth.post('/auth/register', { email, password: 'right-password', name: 'Wrong' });

    const wrongPassword = await auth.post('/auth/login', { email, password: 'wrong-password' });
    const unknownEmail = await auth.post('/auth/login', { email: uniqueEmail('nobody'), password: 'right-password' });

    expect(wrongPassword.status).toBe(401);
    expect(unknownEmail.status).toBe(401);
    expect(unknownEmail.body.detail).toBe(wrongPassword.body.detail);
    expect(wrongPassword.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });
});

describe('POST /auth/refresh', () => {
  test('when a fresh refresh token is presented, then 200 returns a new pair in the same family and the old token is used up', async () => {
    const { tokens } = await registerAndLogIn(auth, 'rotate');

    const response = await auth.post('/auth/refresh', { refreshToken: tokens.refreshToken });

    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ tokenType: 'Bearer', expiresIn: 900 });
    expect(response.body.refreshToken).not.toBe(tokens.refreshToken);
    const [old, next] = [await tokenRow(tokens.refreshToken), await tokenRow(response.body.refreshToken)];
    expect(old.used_at).not.toBeNull();
    expect(next).toMatchObject({ family_id: old.family_id, user_id: old.user_id, used_at: null, revoked_at: null });
  });

  test('when a refresh token is used twice, then 401 and its whole family is revoked, so the newer token fails too', async () => {
    const { tokens } = await registerAndLogIn(auth, 'reuse');
    const first = await auth.post('/auth/refresh', { refreshToken: tokens.refreshToken });

    const replay = await auth.post('/auth/refresh', { refreshToken: tokens.refreshToken });

    expect(replay.status).toBe(401);
    const family = await auth.db('refresh_tokens').where({ family_id: (await tokenRow(tokens.refreshToken)).family_id });
    expect(family).toHaveLength(2);
    expect(family.every((row) => row.revoked_at !== null)).toBe(true);
    expect((await auth.post('/auth/refresh', { refreshToken: first.body.refreshToken })).status).toBe(401);
  });

  test('when two refreshes race with the same token, then at most one wins and the family ends up revoked', async () => {
    const { tokens } = await registerAndLogIn(auth, 'race');

    const answers = await Promise.all([1, 2, 3].map(() => auth.post('/auth/refresh', { refreshToken: tokens.refreshToken })));

    expect(answers.filter((a) => a.status === 200).length).toBeLessThanOrEqual(1);
    expect(answers.filter((a) => a.status === 401).length).toBeGreaterThanOrEqual(2);
    const winner = answers.find((a) => a.status === 200);
    if (winner) expect((await auth.post('/auth/refresh', { refreshToken: winner.body.refreshToken })).status).toBe(401);
    const family = await auth.db('refresh_tokens').where({ family_id: (await tokenRow(tokens.refreshToken)).family_id });
    expect(family.every((row) => row.revoked_at !== null)).toBe(true);
  });

  test('when the refresh token has expired, then 401', async () => {
    const { tokens } = await registerAndLogIn(auth, 'expired');
    const row = await tokenRow(tokens.refreshToken);
    await auth.db('refresh_tokens').where({ id: row.id }).update({ created_at: auth.db.raw(`now() - interval '2 days'`), expires_at: auth.db.raw(`now() - interval '1 day'`) });

    const response = await auth.post('/auth/refresh', { refreshToken: tokens.refreshToken });

    expect(response.status).toBe(401);
  });

  test('when the refresh token was never issued, then 401', async () => {
    const refreshToken = 'A'.repeat(43);

    const response = await auth.post('/auth/refresh', { refreshToken });

    expect(response.status).toBe(401);
  });
});

describe('POST /auth/logout', () => {
  test('when no caller identity is present, then 401 and the session stays alive', async () => {
    const { tokens } = await registerAndLogIn(auth, 'anonymous-logout');

    const response = await auth.post('/auth/logout', { refreshToken: tokens.refreshToken });

    expect(response.status).toBe(401);
    expect((await tokenRow(tokens.refreshToken)).revoked_at).toBeNull();
  });

  test('when the owner logs out, then 204 and no token of the session refreshes any more', async () => {
    const { user, tokens } = await registerAndLogIn(auth, 'logout');

    const response = await auth.post('/auth/logout', { refreshToken: tokens.refreshToken }, { 'x-user-id': user.id });

    expect(response.status).toBe(204);
    expect((await tokenRow(tokens.refreshToken)).revoked_at).not.toBeNull();
    expect((await auth.post('/auth/refresh', { refreshToken: tokens.refreshToken })).status).toBe(401);
  });

  test('when another user logs out with the token, then 204 without revoking it', async () => {
    const owner = await registerAndLogIn(auth, 'owner');
    const other = await registerAndLogIn(auth, 'other');

    const response = await auth.post('/auth/logout', { refreshToken: owner.tokens.refreshToken }, { 'x-user-id': other.user.id });

    expect(response.status).toBe(204);
    expect((await auth.post('/auth/refresh', { refreshToken: owner.tokens.refreshToken })).status).toBe(200);
  });
});
