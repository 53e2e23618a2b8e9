import { randomBytes } from 'node:crypto';
import * as argon2 from 'argon2';
import type { PasswordHasher } from '../domain/password';

/** argon2id with the library's defaults (64 MiB, 3 passes, 4 lanes), above OWASP's minimum for argon2id. */
export class Argon2PasswordHasher implements PasswordHasher {
  private constructor(readonly dummyHash: string) {}

  static async create(): Promise<Argon2PasswordHasher> {
    return new Argon2PasswordHasher(await argon2.hash(randomBytes(32).toString('base64url'), { type: argon2.argon2id }));
  }

  hash(password: string): Promise<string> {
    return argon2.hash(password, { type: argon2.argon2id });
  }

  verify(passwordHash: string, password: string): Promise<boolean> {
    return argon2.verify(passwordHash, password);
  }
}
