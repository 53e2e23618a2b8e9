import { randomUUID } from 'node:crypto';
import { aCustomer, anAddress, startUser, type UserUnderTest } from './user-under-test';

let user: UserUnderTest;

beforeAll(async () => {
  user = await startUser();
});

afterAll(async () => {
  await user.stop();
});

describe('the address book', () => {
  it('when a customer adds, lists, changes and deletes an address, then each answer and the stored state follow', async () => {
    const customer = aCustomer();

    const created = await user.call('POST', '/users/me/addresses', { as: customer, body: anAddress({ line2: 'Hinterhaus', country: 'de' }) });
    const id = created.body.id;
    const listed = await user.call('GET', '/users/me/addresses', { as: customer });
    const changed = await user.call('PATCH', `/users/me/addresses/${id}`, { as: customer, body: { city: 'Potsdam', line2: null } });
    const deleted = await user.call('DELETE', `/users/me/addresses/${id}`, { as: customer });

    expect(created).toEqual({ status: 201, body: { id: expect.any(String), ...anAddress({ line2: 'Hinterhaus' }) } });
    expect(listed).toEqual({ status: 200, body: { items: [created.body], page: 1, pageSize: 20, total: 1 } });
    expect(changed).toEqual({ status: 200, body: { id, ...anAddress({ city: 'Potsdam' }) } });
    expect(deleted).toEqual({ status: 204, body: undefined });
    expect(await user.db('addresses').where({ id })).toEqual([]);
  });

  it('when a customer has several addresses, then the newest comes first and nobody else sees them', async () => {
    const customer = aCustomer();
    const first = await user.call('POST', '/users/me/addresses', { as: customer, body: anAddress({ line1: 'First 1' }) });
    const second = await user.call('POST', '/users/me/addresses', { as: customer, body: anAddress({ line1: 'Second 2' }) });

    const mine = await user.call('GET', '/users/me/addresses', { as: customer });
    const theirs = await user.call('GET', '/users/me/addresses', { as: aCustomer() });

    expect(mine.body.items.map((a: { id: string }) => a.id)).toEqual([second.body.id, first.body.id]);
    expect(theirs.body).toEqual({ items: [], page: 1, pageSize: 20, total: 0 });
  });

  it("when user B reads, changes or deletes user A's address, then each answers 404 and the address is untouched", async () => {
    const alice = aCustomer();
    const bob = aCustomer();
    const address = (await user.call('POST', '/users/me/addresses', { as: alice, body: anAddress() })).body;

    const patched = await user.call('PATCH', `/users/me/addresses/${address.id}`, { as: bob, body: { city: 'Hijacked' } });
    const deleted = await user.call('DELETE', `/users/me/addresses/${address.id}`, { as: bob });
    const bobsList = await user.call('GET', '/users/me/addresses', { as: bob });

    expect([patched.status, deleted.status]).toEqual([404, 404]);
    expect(bobsList.body.items).toEqual([]);
    expect(await user.db('addresses').where({ id: address.id }).first()).toMatchObject({ user_id: alice.id, city: 'Berlin' });
  });

  it('when the address id is not a uuid or does not exist, then it answers 404', async () => {
    const customer = aCustomer();

    const answers = await Promise.all([
      user.call('PATCH', '/users/me/addresses/42', { as: customer, body: { city: 'x' } }),
      user.call('DELETE', '/users/me/addresses/not-a-uuid', { as: customer }),
      user.call('DELETE', `/users/me/addresses/${randomUUID()}`, { as: customer }),
    ]);

    expect(answers.map((answer) => answer.status)).toEqual([404, 404, 404]);
  });

  it('when an address is invalid, then it answers 400 with field errors and stores nothing', async () => {
    const customer = aCustomer();

    const answer = await user.call('POST', '/users/me/addresses', { as: customer, body: { line1: '', city: 'Berlin', postalCode: '10117', country: 'DEU' } });

    expect(answer.status).toBe(400);
    expect(answer.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['country', 'line1']);
    expect(await user.db('addresses').where({ user_id: customer.id })).toEqual([]);
  });

  it('when an address patch names no field, then it answers 400', async () => {
    const customer = aCustomer();
    const address = (await user.call('POST', '/users/me/addresses', { as: customer, body: anAddress() })).body;

    const answer = await user.call('PATCH', `/users/me/addresses/${address.id}`, { as: customer, body: { id: randomUUID() } });

    expect(answer.status).toBe(400);
  });

  it('when a customer already has 20 addresses, then the 21st is refused with 409, also when sent at once', async () => {
    const customer = aCustomer();
    await user.call('GET', '/users/me', { as: customer });

    const answers = await Promise.all(Array.from({ length: 22 }, (_, i) => user.call('POST', '/users/me/addresses', { as: customer, body: anAddress({ line1: `Street ${i}` }) })));

    expect(answers.filter((a) => a.status === 201)).toHaveLength(20);
    expect(answers.filter((a) => a.status === 409)).toHaveLength(2);
    expect(await user.db('addresses').where({ user_id: customer.id })).toHaveLength(20);
  });
});
