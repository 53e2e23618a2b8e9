import { loadConfig } from '@shop/service-kit';
import { gatewayConfigSchema } from '../../src/config';
import { clientAddress } from '../../src/domain/client-address';
import { isLogin, loginAccountOf } from '../../src/domain/login-attempt';

const trusting = (list: string) => loadConfig(gatewayConfigSchema, { TRUSTED_PROXIES: list }).TRUSTED_PROXIES;

describe('the address an anonymous caller is limited by', () => {
  it.each([
    // [situation and outcome, socket peer, X-Forwarded-For, TRUSTED_PROXIES, the address that counts]
    ['when no proxy is trusted, then X-Forwarded-For is ignored and the socket address counts', '::ffff:10.0.0.7', '1.2.3.4', '', '10.0.0.7'],
    ['when an untrusted peer sends X-Forwarded-For naming trusted proxies, then the header is ignored', '203.0.113.7', '198.51.100.1, 10.244.0.5', '10.244.0.0/16', '203.0.113.7'],
    ['when the request comes through a chain of trusted proxies, then the rightmost hop that is not ours counts', '10.0.0.2', 'spoofed-by-client, 203.0.113.9, 10.0.0.3', '10.0.0.2, 10.0.0.3', '203.0.113.9'],
    ['when the proxy is trusted through a CIDR range and connects over a dual-stack socket, then the client it saw counts', '::ffff:10.244.1.17', '198.51.100.4', '10.244.0.0/16', '198.51.100.4'],
    ['when a client prepends addresses from the trusted range, then the walk still stops at the address our proxy saw', '10.244.1.17', '10.244.9.9, 198.51.100.4, ::ffff:10.244.3.3', '10.244.0.0/16', '198.51.100.4'],
    ['when IPv6 proxies in a trusted range forward an IPv6 client, then the client counts', 'fd00::5', '2001:db8::1, fd00::7', 'fd00::/8', '2001:db8::1'],
    ['when the client is an IPv4-mapped address in X-Forwarded-For, then it counts as the IPv4 address', '10.244.1.17', '::ffff:198.51.100.4', '10.244.0.0/16', '198.51.100.4'],
    ['when every hop is trusted, then the leftmost, the furthest one seen, counts', '10.244.1.17', '10.244.0.1, 10.244.2.2', '10.244.0.0/16', '10.244.0.1'],
    ['when a trusted proxy sends no header, then the proxy itself is the caller', '10.0.0.2', undefined, '10.0.0.2', '10.0.0.2'],
  ])('%s', (_situation, peer, forwardedFor, trusted, expected) => {
    expect(clientAddress(peer, forwardedFor, trusting(trusted))).toBe(expected);
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
