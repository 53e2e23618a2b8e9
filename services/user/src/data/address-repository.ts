import type { Knex, PageSlice } from '@shop/service-kit';
import type { Address, AddressPatch, NewAddress } from '../domain/address';
import type { Addresses } from '../domain/ports';

interface AddressRow {
  id: string;
  user_id: string;
  line1: string;
  line2: string | null;
  city: string;
  postal_code: string;
  country: string;
  created_at: Date;
}

const toAddress = (row: AddressRow): Address => ({
  id: row.id,
  userId: row.user_id,
  line1: row.line1,
  line2: row.line2,
  city: row.city,
  postalCode: row.postal_code,
  country: row.country,
  createdAt: row.created_at,
});

const toColumns = (address: AddressPatch) => ({
  ...(address.line1 !== undefined ? { line1: address.line1 } : {}),
  ...(address.line2 !== undefined ? { line2: address.line2 } : {}),
  ...(address.city !== undefined ? { city: address.city } : {}),
  ...(address.postalCode !== undefined ? { postal_code: address.postalCode } : {}),
  ...(address.country !== undefined ? { country: address.country } : {}),
});

/** Every query is scoped by owner, so one customer's id can never reach another's address. */
export class AddressRepository implements Addresses {
  constructor(private readonly db: Knex | Knex.Transaction) {}

  async listOf(userId: string, slice: PageSlice): Promise<{ items: Address[]; total: number }> {
    const rows = (await this.db('addresses')
      .where({ user_id: userId })
      .orderBy([{ column: 'created_at', order: 'desc' }, { column: 'id', order: 'desc' }])
      .limit(slice.limit)
      .offset(slice.offset)) as AddressRow[];
    return { items: rows.map(toAddress), total: await this.countOf(userId) };
  }

  async countOf(userId: string): Promise<number> {
    const [row] = (await this.db('addresses').where({ user_id: userId }).count({ count: '*' })) as { count: string | number }[];
    return Number(row?.count ?? 0);
  }

  async insert(userId: string, address: NewAddress): Promise<Address> {
    const [row] = (await this.db('addresses').insert({ user_id: userId, ...toColumns(address) }).returning('*')) as AddressRow[];
    return toAddress(row!);
  }

  async update(userId: string, id: string, patch: AddressPatch): Promise<Address | undefined> {
    const [row] = (await this.db('addresses')
      .where({ id, user_id: userId })
      .update({ ...toColumns(patch), updated_at: this.db.fn.now() })
      .returning('*')) as AddressRow[];
    return row ? toAddress(row) : undefined;
  }

  async remove(userId: string, id: string): Promise<boolean> {
    return (await this.db('addresses').where({ id, user_id: userId }).del()) > 0;
  }
}
