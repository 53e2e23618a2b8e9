import { loadConfig } from '@shop/service-kit';
import { gatewayConfigSchema } from '../../src/config';
import { clientAddress } from '../../src/domain/client-address';
import { isLogin, parseLoginAttempt } from '../../src/domain/login-attempt';

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
  const accountOf = (body: string | Buffer | undefined, contentType = 'application/json') => {
    const attempt = parseLoginAttempt(typeof body === 'string' ? Buffer.from(body, 'utf8') : body, contentType);
    return attempt.ok ? attempt.account : `refused: ${attempt.problem}`;
  };

  it.each([
    ['plain', '{"email":"ada@example.com","password":"x"}'],
    ['upper case and spaces', '{"email":" Ada@Example.COM ","password":"x"}'],
    ['a UTF-8 byte-order mark before the JSON', '\uFEFF{"email":"ada@example.com","password":"x"}'],
    ['full-width letters (NFKC folds them)', '{"email":"\uFF41\uFF44\uFF41@example.com","password":"x"}'],
    ['JSON escapes for the letters', '{"email":"\\u0061da@example.com","password":"x"}'],
    ['a duplicate email key (the last one wins, as in auth)', '{"email":"eve@example.com","email":"ada@example.com","password":"x"}'],
  ])('when the login body spells the address with %s, then it counts against the one account', (_how, body) => {
    expect(accountOf(body)).toBe('ada@example.com');
  });

  it('when an address is written composed or decomposed, then both count against one account', () => {
    expect(accountOf('{"email":"jos\u00e9@example.com"}')).toBe(accountOf('{"email":"jose\u0301@example.com"}'));
  });

  it('when the body is forwarded, then it is exactly what was parsed, as plain UTF-8 JSON without the mark', () => {
    const attempt = parseLoginAttempt(Buffer.from('\uFEFF{ "email" : "Ada@Example.com", "password": "pw" }', 'utf8'), 'application/json; charset=utf-8');

    expect(attempt.ok && attempt.body.toString('utf8')).toBe('{"email":"Ada@Example.com","password":"pw"}');
  });

  it('when the body is missing, malformed, in another charset or names no email, then the login is refused', () => {
    expect(accountOf(undefined)).toMatch(/^refused/);
    expect(accountOf('{"email": 1')).toMatch(/^refused/);
    expect(accountOf('{"user":"ada"}')).toMatch(/^refused/);
    expect(accountOf('["ada@example.com"]')).toMatch(/^refused/);
    expect(accountOf(Buffer.from('{"email":"ada@example.com"}', 'utf16le'), 'application/json; charset=utf-16le')).toMatch(/^refused: a login body must be UTF-8/);
  });

  it('when the path is the login, then only POST counts', () => {
    expect(isLogin('auth/login', 'POST')).toBe(true);
    expect(isLogin('auth/login', 'GET')).toBe(false);
    expect(isLogin('auth/register', 'POST')).toBe(false);
  });
});
