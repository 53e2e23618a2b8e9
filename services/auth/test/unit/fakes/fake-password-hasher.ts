import type { PasswordHasher } from '../../../src/domain/password';

/** Reversible "hashing" for unit tests; it records which hashes were verified. */
export class FakePasswordHasher implements PasswordHasher {
  readonly dummyHash = 'hashed:<dummy>';
  readonly verified: string[] = [];

  async hash(password: string): Promise<string> {
    return `hashed:${password}`;
  }

  async verify(passwordHash: string, password: string): Promise<boolean> {
    this.verified.push(passwordHash);
    return passwordHash === `hashed:${password}`;
  }
}
