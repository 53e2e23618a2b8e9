import { openAccount, type InTransaction } from './new-account';
import type { PasswordHasher } from './password';
import { ADMIN_ROLES, normalizeEmail, type UserDirectory } from './user';

export interface AdminAccount {
  email: string;
  password: string;
}

export interface SeedAdminDeps {
  users: UserDirectory;
  passwords: PasswordHasher;
  inTransaction: InTransaction;
}

export type AdminSeedOutcome = 'created' | 'password-updated' | 'unchanged';

export const ADMIN_NAME = 'Administrator';

/**
 * Runs at every start. The admin keeps its id across restarts (orders and audit entries point at it); only its
 * password follows the secret store, so rotating the secret and restarting is how the admin password changes.
 */
export async function seedAdmin(admin: AdminAccount, deps: SeedAdminDeps): Promise<AdminSeedOutcome> {
  const email = normalizeEmail(admin.email);
  const existing = await deps.users.findByEmail(email);
  if (!existing) {
    const passwordHash = await deps.passwords.hash(admin.password);
    // Undefined when another replica seeded it a moment ago, with the same secret.
    const created = await openAccount({ email, name: ADMIN_NAME, passwordHash, roles: ADMIN_ROLES }, deps.inTransaction);
    return created ? 'created' : 'unchanged';
  }
  if (await deps.passwords.verify(existing.passwordHash, admin.password)) return 'unchanged';
  await deps.users.updatePasswordHash(existing.id, await deps.passwords.hash(admin.password));
  return 'password-updated';
}
