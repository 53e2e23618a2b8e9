import { loadConfig } from '@shop/service-kit';
import { gatewayConfigSchema } from '../../src/config';
import { clientAddress } from '../../src/domain/client-address';
import { isLogin, loginAccountOf } from '../../src/domain/login-attempt';

const trusting = (list: string) => loadConfig(gatewayConfigSchema, { TRUSTED_PROXIES: list }).TRUSTED_PROXIES;

describe('the address an anonymous caller is limited by', () => {
  it('when no proxy is trusted, then X-Forwarded-For is ignored and the socket address counts', () => {
    expect(clientAddress('::ffff:10.0.0.7', '1.2.3.4', trusting(''))).toBe('10.0.0.7');
  });

  it('when an untrusted peer sends X-Forwarded-For naming trusted proxies, then the header is ignored', () => {
    expect(clientAddress('203.0.113.7', '198.51.100.1, 10.244.0.5', trusting('10.244.0.0/16'))).toBe('203.0.113.7');
  });

  it('when the request comes through a chain of trusted proxies, then the rightmost hop that is not ours counts', () => {
    expect(clientAddress('10.0.0.2', 'spoofed-by-client, 203.0.113.9, 10.0.0.3', trusting('10.0.0.2, 10.0.0.3'))).toBe('203.0.113.9');
  });

  it('when the proxy is trusted through a CIDR range and connects over a dual-stack socket, then the client it saw counts', () => {
    expect(clientAddress('::ffff:10.244.1.17', '198.51.100.4', trusting('10.244.0.0/16'))).toBe('198.51.100.4');
  });

  it('when a client prepends addresses from the trusted range, then the walk still stops at the address our proxy saw', () => {
    expect(clientAddress('10.244.1.17', '10.244.9.9, 198.51.100.4, ::ffff:10.244.3.3', trusting('10.244.0.0/16'))).toBe('198.51.100.4');
  });

  it('when IPv6 proxies in a trusted range forward an IPv6 client, then the client counts', () => {
    expect(clientAddress('fd00::5', '2001:db8::1, fd00::7', trusting('fd00::/8'))).toBe('2001:db8::1');
  });

  it('when the client is an IPv4-mapped address in X-Forwarded-For, then it counts as the IPv4 address', () => {
    expect(clientAddress('10.244.1.17', '::ffff:198.51.100.4', trusting('10.244.0.0/16'))).toBe('198.51.100.4');
  });

  it('when every hop is trusted, then the leftmost, the furthest one seen, counts', () => {
    expect(clientAddress('10.244.1.17', '10.244.0.1, 10.244.2.2', trusting('10.244.0.0/16'))).toBe('10.244.0.1');
  });

  it('when a trusted proxy sends no header, then the proxy itself is the caller', () => {
    expect(clientAddress('10.0.0.2', undefined, trusting('10.0.0.2'))).toBe('10.0.0.2');
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
