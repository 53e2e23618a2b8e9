import { AppError } from '@shop/service-kit';
import { openAccount, type InTransaction } from './new-account';
import type { PasswordHasher } from './password';
import { CUSTOMER_ROLES, normalizeEmail, toProfile, type UserProfile } from './user';

export interface Registration {
  email: string;
  password: string;
  name: string;
}

export interface RegisterDeps {
  passwords: PasswordHasher;
  inTransaction: InTransaction;
}

export async function registerUser(registration: Registration, deps: RegisterDeps): Promise<UserProfile> {
  const passwordHash = await deps.passwords.hash(registration.password);
  const user = await openAccount(
    { email: normalizeEmail(registration.email), name: registration.name, passwordHash, roles: CUSTOMER_ROLES },
    deps.inTransaction,
  );
  if (!user) throw AppError.conflict('an account with this email already exists');
  return toProfile(user);
}
