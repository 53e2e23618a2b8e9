import { z } from 'zod';
import { AppError } from '../../src/errors';
import { toAppError } from '../../src/http/error-middleware';

describe('errors become problems', () => {
  it('when zod rejects a body, then 400 with one field error per issue', () => {
    const parsed = z.object({ email: z.email(), age: z.number().int() }).safeParse({ email: 'nope', age: 1.5 });

    const error = toAppError(parsed.error);

    expect(error.status).toBe(400);
    expect(error.fieldErrors?.map((e) => e.path).sort()).toEqual(['age', 'email']);
  });

  it('when the body parser reports a body over the limit, then 413', () => {
    expect(toAppError(Object.assign(new Error('too large'), { status: 413, expose: true })).status).toBe(413);
  });

  it('when an unexpected error escapes, then 500 without its message', () => {
    const error = toAppError(new Error('connection string postgres://secret@db'));

    expect(error.status).toBe(500);
    expect(error.detail).not.toContain('secret');
  });

  it('when a service throws an AppError, then its kind gives a stable type URI', () => {
    expect(AppError.conflict('sku taken')).toMatchObject({ status: 409, type: 'https://shop.local/problems/conflict' });
  });
});
