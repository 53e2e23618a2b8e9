import { AppError } from '@shop/service-kit';
import { logIn } from '../../src/domain/log-in';
import { registerUser } from '../../src/domain/register-user';
import { sessionDeps } from './fakes/session-deps';

describe('logging in', () => {
  test('when the credentials are right, then a bearer pair with the access token lifetime is issued', async () => {
    const deps = sessionDeps();
    const user = await registerUser({ email: 'grace@example.com', password: 'hopper-1906', name: 'Grace' }, deps);

    const pair = await logIn({ email: 'Grace@Example.com', password: 'hopper-1906' }, deps);

    expect(pair).toMatchObject({ tokenType: 'Bearer', expiresIn: 900 });
    expect(JSON.parse(pair.accessToken)).toMatchObject({ sub: user.id, email: 'grace@example.com', roles: ['customer'] });
  });

  test('when the email is unknown, then the dummy hash is verified and the answer equals a wrong password', async () => {
    const deps = sessionDeps();
    await registerUser({ email: 'grace@example.com', password: 'hopper-1906', name: 'Grace' }, deps);

    const unknownEmail = await logIn({ email: 'nobody@example.com', password: 'hopper-1906' }, deps).catch((e: AppError) => e);
    const wrongPassword = await logIn({ email: 'grace@example.com', password: 'wrong-password' }, deps).catch((e: AppError) => e);

    expect(deps.passwords.verified[0]).toBe(deps.passwords.dummyHash);
    expect(unknownEmail).toBeInstanceOf(AppError);
    expect(unknownEmail).toMatchObject({ status: 401, detail: (wrongPassword as AppError).detail });
  });
});
