import { clientAddress } from '../../src/domain/client-address';
import { isLogin, loginAccountOf } from '../../src/domain/login-attempt';

describe('the address an anonymous caller is limited by', () => {
  it('when no proxy is trusted, then X-Forwarded-For is ignored and the socket address counts', () => {
    expect(clientAddress('::ffff:10.0.0.7', '1.2.3.4', [])).toBe('10.0.0.7');
  });

  it('when the request comes through a trusted proxy, then the rightmost hop that is not ours counts', () => {
    expect(clientAddress('10.0.0.2', 'spoofed-by-client, 203.0.113.9, 10.0.0.3', ['10.0.0.2', '10.0.0.3'])).toBe('203.0.113.9');
  });

  it('when a trusted proxy sends no header, then the proxy itself is the caller', () => {
    expect(clientAddress('10.0.0.2', undefined, ['10.0.0.2'])).toBe('10.0.0.2');
  });
});

describe('the account a login is counted against', () => {
  it('when the body names an email, then it is lower-cased and trimmed', () => {
    expect(loginAccountOf(Buffer.from('{"email":" Ada@Example.COM ","password":"x"}'))).toBe('ada@example.com');
  });

  it('when the body is missing, malformed or names no email, then there is no account', () => {
    expect(loginAccountOf(undefined)).toBeUndefined();
    expect(loginAccountOf(Buffer.from('{"email": 1'))).toBeUndefined();
    expect(loginAccountOf(Buffer.from('{"user":"ada"}'))).toBeUndefined();
  });

  it('when the path is the login, then only POST counts', () => {
    expect(isLogin('auth/login', 'POST')).toBe(true);
    expect(isLogin('auth/login', 'GET')).toBe(false);
    expect(isLogin('auth/register', 'POST')).toBe(false);
  });
});
