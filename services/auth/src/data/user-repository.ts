import type { Knex } from '@shop/service-kit';
import type { NewUser, Role, User, UserDirectory } from '../domain/user';

interface UserRow {
  id: string;
  email: string;
  name: string;
  password_hash: string;
  roles: Role[];
  created_at: Date;
}

const toUser = (row: UserRow): User => ({
  id: row.id,
  email: row.email,
  name: row.name,
  roles: row.roles,
  passwordHash: row.password_hash,
  createdAt: row.created_at,
});

export class UserRepository implements UserDirectory {
  /** `db` may be a transaction, so the same queries run inside a unit of work. */
  constructor(private readonly db: Knex) {}

  async findByEmail(email: string): Promise<User | undefined> {
    const row = await this.db<UserRow>('users').where({ email }).first();
    return row && toUser(row);
  }

  async findById(id: string): Promise<User | undefined> {
    const row = await this.db<UserRow>('users').where({ id }).first();
    return row && toUser(row);
  }

  /** ON CONFLICT DO NOTHING waits for a concurrent insert of the same email and then yields to it, without an error. */
  async insertIfEmailFree(user: NewUser): Promise<User | undefined> {
    const [row] = (await this.db('users')
      .insert({ email: user.email, name: user.name, password_hash: user.passwordHash, roles: [...user.roles] })
      .onConflict('email')
      .ignore()
      .returning('*')) as UserRow[];
    return row && toUser(row);
  }

  async updatePasswordHash(id: string, passwordHash: string): Promise<void> {
    await this.db('users').where({ id }).update({ password_hash: passwordHash, updated_at: this.db.fn.now() });
  }
}
