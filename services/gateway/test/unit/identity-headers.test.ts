import { AppError } from '@shop/service-kit';
import { authenticate, type TokenVerifier } from '../../src/domain/authenticate';
import { forwardableRequestHeaders, isReturnedResponseHeader } from '../../src/domain/forwarded-headers';
import { identityHeaders } from '../../src/domain/identity';

const verifierAccepting = (token: string): TokenVerifier => ({
  verify: async (candidate) => {
    if (candidate !== token) throw AppError.unauthenticated();
    return { userId: 'u-1', email: 'u@example.test', roles: ['customer'] };
  },
});

describe('identity at the edge', () => {
  it('when a client sends x-user-* headers, then none of them is forwarded', () => {
    const forwarded = forwardableRequestHeaders({ 'x-user-id': 'admin', 'X-User-Roles': 'admin', 'x-user-anything': '1', 'content-type': 'application/json' });

    expect(forwarded).toEqual({ 'content-type': 'application/json' });
  });

  it('when a request has cookies or hop-by-hop headers, then they stay at the edge but Idempotency-Key passes', () => {
    const forwarded = forwardableRequestHeaders({ cookie: 'a=b', connection: 'keep-alive', 'idempotency-key': 'k-1', host: 'x' });

    expect(forwarded).toEqual({ 'idempotency-key': 'k-1' });
  });

  it('when the caller is verified, then the identity headers carry id, roles and email', () => {
    expect(identityHeaders({ userId: 'u-1', email: 'u@example.test', roles: ['customer', 'admin'] })).toEqual({
      'x-user-id': 'u-1',
      'x-user-roles': 'customer,admin',
      'x-user-email': 'u@example.test',
    });
    expect(identityHeaders(undefined)).toEqual({});
  });

  it('when a service answers with its own traceparent, then the gateway does not pass it on', () => {
    expect(isReturnedResponseHeader('traceparent')).toBe(false);
    expect(isReturnedResponseHeader('Location')).toBe(true);
  });

  it('when there is no Authorization header, then the caller is anonymous', async () => {
    await expect(authenticate(undefined, verifierAccepting('t'))).resolves.toBeUndefined();
  });

  it('when the Authorization header is not a bearer token, then 401', async () => {
    await expect(authenticate('Basic dXNlcjpwYXNz', verifierAccepting('t'))).rejects.toMatchObject({ status: 401 });
  });

  it('when the bearer token verifies, then its identity is returned', async () => {
    await expect(authenticate('Bearer abc.def.ghi', verifierAccepting('abc.def.ghi'))).resolves.toMatchObject({ userId: 'u-1' });
  });
});
