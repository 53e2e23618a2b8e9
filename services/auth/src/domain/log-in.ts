import { AppError } from '@shop/service-kit';
import { startSession, type SessionDeps, type TokenPair } from './session';
import { normalizeEmail } from './user';

export interface Credentials {
  email: string;
  password: string;
}

export async function logIn(credentials: Credentials, deps: SessionDeps): Promise<TokenPair> {
  const user = await deps.users.findByEmail(normalizeEmail(credentials.email));
  // An unknown email still costs one hash verification, so the response time does not reveal which emails exist.
  const passwordMatches = await deps.passwords.verify(user?.passwordHash ?? deps.passwords.dummyHash, credentials.password);
  if (!user || !passwordMatches) throw AppError.unauthenticated('the email or password is wrong');
  return startSession(user, deps);
}
