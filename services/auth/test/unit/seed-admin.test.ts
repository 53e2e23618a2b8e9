import { seedAdmin } from '../../src/domain/seed-admin';
import { sessionDeps } from './fakes/session-deps';

describe('seeding the administrator', () => {
  test('when there is no admin yet, then one is created with the admin and customer roles and announced', async () => {
    const deps = sessionDeps();

    const outcome = await seedAdmin({ email: 'Admin@Shop.local', password: 'admin-password' }, deps);

    expect(outcome).toBe('created');
    expect(deps.users.users).toEqual([expect.objectContaining({ email: 'admin@shop.local', roles: ['admin', 'customer'] })]);
    expect(deps.users.events).toEqual([expect.objectContaining({ type: 'user.registered' })]);
  });

  test('when the admin exists with the same password, then nothing changes', async () => {
    const deps = sessionDeps();
    await seedAdmin({ email: 'admin@shop.local', password: 'admin-password' }, deps);

    const outcome = await seedAdmin({ email: 'admin@shop.local', password: 'admin-password' }, deps);

    expect(outcome).toBe('unchanged');
    expect(deps.users.users).toHaveLength(1);
  });

  test('when the configured password changed, then the admin keeps its id and gets the new password', async () => {
    const deps = sessionDeps();
    await seedAdmin({ email: 'admin@shop.local', password: 'old-password' }, deps);
    const id = deps.users.users[0]!.id;

    const outcome = await seedAdmin({ email: 'admin@shop.local', password: 'new-password' }, deps);

    expect(outcome).toBe('password-updated');
    expect(deps.users.users).toEqual([expect.objectContaining({ id, passwordHash: 'hashed:new-password' })]);
  });
});
