import { UNSTORABLE_TEXT_MESSAGE } from '@shop/service-kit';
import { startAuth, uniqueEmail, type ApiResponse, type AuthUnderTest } from './auth-under-test';

/** Text Postgres cannot store (NUL; an unpaired surrogate, sent as JSON allows it: "\ud800") is a 400 at the edge, never a 500. */
let auth: AuthUnderTest;

beforeAll(async () => {
  auth = await startAuth();
});

afterAll(async () => {
  await auth.stop();
});

const UNSTORABLE = [
  ['a NUL character', 'Ada\u0000Lovelace'],
  ['a lone surrogate', 'Ada \uD800'],
] as const;

function expectRefused(answer: ApiResponse, field: string): void {
  expect(answer.status).toBe(400);
  expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(answer.body).toMatchObject({ status: 400, errors: [{ path: field, message: UNSTORABLE_TEXT_MESSAGE }] });
}

describe('text Postgres cannot store', () => {
  test.each(UNSTORABLE)('when a registration\'s name holds %s, then 400 problem+json names the field and no account is stored', async (_case, name) => {
    const email = uniqueEmail('unstorable-name');

    const answer = await auth.post('/auth/register', { email, password: 'a-good-password', name });

    expectRefused(answer, 'name');
    expect(await auth.db('users').where({ email })).toEqual([]);
  });

  test.each(UNSTORABLE)('when a registration\'s password holds %s, then 400 and no account is stored', async (_case, text) => {
    const email = uniqueEmail('unstorable-password');

    const answer = await auth.post('/auth/register', { email, password: `password-${text}`, name: 'Ada' });

    expectRefused(answer, 'password');
    expect(await auth.db('users').where({ email })).toEqual([]);
  });

  test.each(UNSTORABLE)('when a login\'s email or password holds %s, then 400, not a failed lookup', async (_case, text) => {
    const email = uniqueEmail('unstorable-login');

    const answers = [await auth.post('/auth/login', { email: `${text}${email}`, password: 'whatever-password' }), await auth.post('/auth/login', { email, password: text })];

    expectRefused(answers[0]!, 'email');
    expectRefused(answers[1]!, 'password');
  });

  test.each(UNSTORABLE)('when a refresh token holds %s, then 400', async (_case, text) => {
    const answer = await auth.post('/auth/refresh', { refreshToken: `token-${text}` });

    expectRefused(answer, 'refreshToken');
  });
});
