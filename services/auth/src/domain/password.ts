export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(passwordHash: string, password: string): Promise<boolean>;
  /** A hash of no one's password, verified when a login names an unknown email so that it costs as much as a wrong password. */
  readonly dummyHash: string;
}
