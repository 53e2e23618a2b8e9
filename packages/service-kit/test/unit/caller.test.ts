import { callerOf } from '../../src/http/caller';

const USER = '2b6f0cc9-3f0e-4c52-9d8b-2b1d7f0c4a11';

describe('callerOf (the gateway identity headers)', () => {
  it('when the user id, email and roles are present, then the caller has them, trimmed', () => {
    const caller = callerOf({ 'x-user-id': USER, 'x-user-email': 'u@example.test', 'x-user-roles': 'customer, admin ,' });

    expect(caller).toEqual({ id: USER, email: 'u@example.test', roles: ['customer', 'admin'] });
  });

  it('when there is no user id, then the caller is anonymous even if roles are sent', () => {
    expect(callerOf({ 'x-user-roles': 'admin' })).toBeUndefined();
  });

  it('when the user id is blank or not a uuid, then the caller is anonymous', () => {
    expect(callerOf({ 'x-user-id': '  ', 'x-user-roles': 'admin' })).toBeUndefined();
    expect(callerOf({ 'x-user-id': "1' or '1'='1", 'x-user-roles': 'admin' })).toBeUndefined();
  });

  it('when there are no roles, then the caller has none', () => {
    expect(callerOf({ 'x-user-id': USER })).toEqual({ id: USER, email: '', roles: [] });
  });

  it('when a role only contains "admin" as part of its name, then it is not admin', () => {
    const caller = callerOf({ 'x-user-id': USER, 'x-user-roles': 'not-admin,administrator' });

    expect(caller?.roles).not.toContain('admin');
  });
});
