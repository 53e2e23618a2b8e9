export type Role = 'customer' | 'admin';

export const CUSTOMER_ROLES: readonly Role[] = ['customer'];
export const ADMIN_ROLES: readonly Role[] = ['admin', 'customer'];

export interface User {
  id: string;
  email: string;
  name: string;
  roles: Role[];
  passwordHash: string;
  createdAt: Date;
}

export type NewUser = Pick<User, 'email' | 'name' | 'passwordHash'> & { roles: readonly Role[] };

/** What the API shows of a user: never the password hash. */
export interface UserProfile {
  id: string;
  email: string;
  name: string;
  roles: Role[];
}

export interface UserDirectory {
  findByEmail(email: string): Promise<User | undefined>;
  findById(id: string): Promise<User | undefined>;
  updatePasswordHash(id: string, passwordHash: string): Promise<void>;
}

/** One mailbox, one account: `Alice@Example.com` and `alice@example.com` are the same user. */
export const normalizeEmail = (email: string): string => email.trim().toLowerCase();

export const toProfile = (user: User): UserProfile => ({ id: user.id, email: user.email, name: user.name, roles: user.roles });
