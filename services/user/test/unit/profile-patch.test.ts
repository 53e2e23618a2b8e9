import { AppError } from '@shop/service-kit';
import { ProfilePatchBody } from '../../src/api/request-bodies';
import { assertSomethingToChange, nameFromEmail, profileUpdatedEvent, toProfileView } from '../../src/domain/profile';

describe('the profile patch', () => {
  it('when a body also names id, email, roles, userId, timestamps and unknown keys, then only name and phone survive', () => {
    const body = {
      name: 'Ada',
      phone: '+4915123456789',
      id: '00000000-0000-4000-8000-000000000000',
      email: 'x@y',
      roles: ['admin'],
      userId: '00000000-0000-4000-8000-000000000001',
      createdAt: '2020-01-01T00:00:00Z',
      updatedAt: '2020-01-01T00:00:00Z',
      isAdmin: true,
    };

    const patch = ProfilePatchBody.parse(body);

    expect(patch).toEqual({ name: 'Ada', phone: '+4915123456789' });
  });

  it('when a body holds only fields that are not writable, then the effective patch is empty and refused with 400', () => {
    const patch = ProfilePatchBody.parse({ roles: ['admin'], email: 'x@y' });

    const refuse = () => assertSomethingToChange(patch);

    expect(patch).toEqual({});
    expect(refuse).toThrow(AppError);
    expect(refuse).toThrow(expect.objectContaining({ status: 400 }));
  });

  it('when the phone is null, then the patch clears it', () => {
    expect(ProfilePatchBody.parse({ phone: null })).toEqual({ phone: null });
  });

  it('when the phone is written with spaces and dashes, then it is stored in E.164 form', () => {
    expect(ProfilePatchBody.parse({ phone: ' +49 151-2345 6789 ' })).toEqual({ phone: '+4915123456789' });
  });

  it.each([['0151234567'], ['+0123456789'], ['+12'], ['+1234567890123456'], ['call me']])('when the phone is %j, then it is refused', (phone) => {
    expect(ProfilePatchBody.safeParse({ phone }).success).toBe(false);
  });

  it.each([[''], ['   '], ['x'.repeat(101)], [42]])('when the name is %j, then it is refused', (name) => {
    expect(ProfilePatchBody.safeParse({ name }).success).toBe(false);
  });

  it('when the name has surrounding spaces, then they are trimmed and 100 characters are allowed', () => {
    expect(ProfilePatchBody.parse({ name: `  ${'n'.repeat(100)}  ` })).toEqual({ name: 'n'.repeat(100) });
  });
});

describe('profile rules', () => {
  it('when only an email is known, then the name is its local part', () => {
    expect(nameFromEmail('ada.lovelace@example.com')).toBe('ada.lovelace');
  });

  it('when the email is empty, then the name is still not empty', () => {
    expect(nameFromEmail('')).toBe('customer');
  });

  it('when a profile has no phone, then the view leaves phone out and the event carries null', () => {
    const profile = { userId: 'u1', email: 'a@b.c', name: 'Ada', phone: null, updatedAt: new Date('2026-01-02T03:04:05.000Z') };

    expect(toProfileView(profile)).toEqual({ id: 'u1', email: 'a@b.c', name: 'Ada' });
    expect(profileUpdatedEvent(profile)).toEqual({
      type: 'user.profile.updated',
      data: { userId: 'u1', name: 'Ada', phone: null, updatedAt: '2026-01-02T03:04:05.000Z' },
    });
  });
});
