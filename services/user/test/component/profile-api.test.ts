import { aCustomer, aRegistration, contracts, outboxRows, profileRow, startUser, type UserUnderTest } from './user-under-test';

let user: UserUnderTest;

beforeAll(async () => {
  user = await startUser();
});

afterAll(async () => {
  await user.stop();
});

describe('the registration event', () => {
  it('when user.registered arrives, then the profile is created with the registered name and email', async () => {
    const customer = aCustomer();

    const delivery = await user.deliver(aRegistration(customer, 'Grace Hopper'));

    expect(delivery).toEqual({ status: 200, body: { status: 'SUCCESS' } });
    const profile = await user.call('GET', '/users/me', { as: customer });
    expect(profile).toEqual({ status: 200, body: { id: customer.id, email: customer.email, name: 'Grace Hopper' } });
  });

  it('when the same event is delivered again after the customer renamed themselves, then nothing changes and it is handled once', async () => {
    const customer = aCustomer();
    const event = aRegistration(customer, 'Grace Hopper');
    await user.deliver(event);
    await user.call('PATCH', '/users/me', { as: customer, body: { name: 'Amazing Grace' } });
    const before = await profileRow(user.db, customer.id);

    const redelivery = await user.deliver(event);

    expect(redelivery.body).toEqual({ status: 'SUCCESS' });
    expect(await profileRow(user.db, customer.id)).toEqual(before);
    expect(await user.db('inbox').where({ event_id: event.id })).toHaveLength(1);
  });

  it('when an older registration arrives under a new event id, then it does not overwrite the newer profile', async () => {
    const customer = aCustomer();
    await user.deliver(aRegistration(customer, 'Grace Hopper'));
    await user.call('PATCH', '/users/me', { as: customer, body: { name: 'Amazing Grace' } });

    const republished = await user.deliver(aRegistration(customer, 'Grace Hopper', new Date(Date.now() - 60_000)));

    expect(republished.body).toEqual({ status: 'SUCCESS' });
    expect((await profileRow(user.db, customer.id)).name).toBe('Amazing Grace');
  });

  it('when a registration breaks its contract, then it is dropped and no profile is made', async () => {
    const customer = aCustomer();
    const event = aRegistration(customer);
    delete event.data.name;

    const delivery = await user.deliver(event);

    expect(delivery.body).toEqual({ status: 'DROP' });
    expect(await profileRow(user.db, customer.id)).toBeUndefined();
  });

  it('when Dapr asks what to deliver, then the service subscribes to user.registered', async () => {
    const subscriptions = await user.call('GET', '/dapr/subscribe');

    expect(subscriptions.body.map((s: { topic: string }) => s.topic)).toEqual(['user.registered']);
  });
});

describe('GET /users/me', () => {
  it('when the registration has not arrived yet, then the profile is made from the identity headers', async () => {
    const customer = aCustomer();

    const first = await user.call('GET', '/users/me', { as: customer });
    const second = await user.call('GET', '/users/me', { as: customer });

    const expected = { id: customer.id, email: customer.email, name: customer.email.split('@')[0] };
    expect(first).toEqual({ status: 200, body: expected });
    expect(second).toEqual({ status: 200, body: expected });
    expect(await user.db('profiles').where({ user_id: customer.id })).toHaveLength(1);
  });

  it('when the registration arrives after such a provisional profile, then the registered name replaces the placeholder', async () => {
    const customer = aCustomer();
    await user.call('GET', '/users/me', { as: customer });

    await user.deliver(aRegistration(customer, 'Grace Hopper'));

    expect((await user.call('GET', '/users/me', { as: customer })).body.name).toBe('Grace Hopper');
  });

  it('when there is no caller, then every route answers 401', async () => {
    const answers = await Promise.all([
      user.call('GET', '/users/me'),
      user.call('PATCH', '/users/me', { body: { name: 'x' } }),
      user.call('GET', '/users/me/addresses'),
      user.call('POST', '/users/me/addresses', { body: {} }),
      user.call('PATCH', '/users/me/addresses/3f1c2b7e-8a2d-4c1e-9f0a-1b2c3d4e5f60', { body: { city: 'x' } }),
      user.call('DELETE', '/users/me/addresses/3f1c2b7e-8a2d-4c1e-9f0a-1b2c3d4e5f60'),
    ]);

    expect(answers.map((answer) => answer.status)).toEqual([401, 401, 401, 401, 401, 401]);
  });
});

describe('PATCH /users/me', () => {
  it('when the body also names roles, email and id, then only the name changes and a contract-valid event is in the outbox', async () => {
    const customer = aCustomer();
    await user.deliver(aRegistration(customer, 'Grace Hopper'));

    const answer = await user.call('PATCH', '/users/me', {
      as: customer,
      body: { name: 'Rear Admiral Hopper', roles: ['admin'], email: 'x@y', id: '3f1c2b7e-8a2d-4c1e-9f0a-1b2c3d4e5f60' },
    });

    expect(answer).toEqual({ status: 200, body: { id: customer.id, email: customer.email, name: 'Rear Admiral Hopper' } });
    expect(await profileRow(user.db, customer.id)).toMatchObject({ user_id: customer.id, email: customer.email, name: 'Rear Admiral Hopper', phone: null });
    expect(await user.db('profiles').where({ email: 'x@y' })).toEqual([]);
    const [row, ...more] = await outboxRows(user.db, customer.id);
    expect(more).toEqual([]);
    expect(row.event).toMatchObject({ type: 'user.profile.updated', source: 'user', data: { userId: customer.id, name: 'Rear Admiral Hopper', phone: null } });
    expect(() => contracts.assertValid('user.profile.updated', row.event.data)).not.toThrow();
  });

  it('when the phone is set and then cleared, then the profile shows and then hides it, with an event each time', async () => {
    const customer = aCustomer();

    const set = await user.call('PATCH', '/users/me', { as: customer, body: { phone: '+49 151 2345 6789' } });
    const cleared = await user.call('PATCH', '/users/me', { as: customer, body: { phone: null } });

    expect(set.body.phone).toBe('+4915123456789');
    expect(cleared.body).not.toHaveProperty('phone');
    expect((await outboxRows(user.db, customer.id)).map((row) => row.event.data.phone)).toEqual(['+4915123456789', null]);
  });

  it('when nothing writable is in the body, then it answers 400 and writes nothing', async () => {
    const customer = aCustomer();

    const answer = await user.call('PATCH', '/users/me', { as: customer, body: { roles: ['admin'], email: 'x@y' } });

    expect(answer.status).toBe(400);
    expect(await profileRow(user.db, customer.id)).toBeUndefined();
    expect(await outboxRows(user.db, customer.id)).toEqual([]);
  });

  it('when the name is empty or the phone malformed, then it answers 400 with field errors', async () => {
    const customer = aCustomer();

    const answer = await user.call('PATCH', '/users/me', { as: customer, body: { name: '', phone: '12' } });

    expect(answer.status).toBe(400);
    expect(answer.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['name', 'phone']);
  });
});
