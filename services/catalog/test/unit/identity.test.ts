import { callerOf } from '../../src/api/identity';

describe('callerOf (gateway identity headers)', () => {
  it('when the user id and roles are present, then the caller has them, trimmed', () => {
    const caller = callerOf({ 'x-user-id': 'u-1', 'x-user-roles': 'customer, admin ,' });

    expect(caller).toEqual({ id: 'u-1', roles: ['customer', 'admin'] });
  });

  it('when there is no user id, then the caller is anonymous even if roles are sent', () => {
    const caller = callerOf({ 'x-user-roles': 'admin' });

    expect(caller).toBeUndefined();
  });

  it('when the user id is blank, then the caller is anonymous', () => {
    const caller = callerOf({ 'x-user-id': '  ', 'x-user-roles': 'admin' });

    expect(caller).toBeUndefined();
  });

  it('when there are no roles, then the caller has none', () => {
    const caller = callerOf({ 'x-user-id': 'u-1' });

    expect(caller).toEqual({ id: 'u-1', roles: [] });
  });

  it('when a role only contains "admin" as part of its name, then it is not admin', () => {
    const caller = callerOf({ 'x-user-id': 'u-1', 'x-user-roles': 'not-admin,administrator' });

    expect(caller?.roles).not.toContain('admin');
  });
});
