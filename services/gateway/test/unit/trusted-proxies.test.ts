import { ConfigError, loadConfig } from '@shop/service-kit';
import { gatewayConfigSchema } from '../../src/config';

const trustedProxies = (list?: string) => loadConfig(gatewayConfigSchema, list === undefined ? {} : { TRUSTED_PROXIES: list }).TRUSTED_PROXIES;

describe('TRUSTED_PROXIES', () => {
  const whichTrusted = (list: string | undefined, addresses: string[]) => {
    const trusted = trustedProxies(list);
    return addresses.filter((address) => trusted.trusts(address));
  };

  it('when it is not set, then no address is trusted', () => {
    expect(whichTrusted(undefined, ['127.0.0.1', '::1', '10.244.0.1'])).toEqual([]);
  });

  it('when it lists single IPv4 and IPv6 addresses, then exactly those are trusted', () => {
    expect(whichTrusted('10.0.0.2,fd00::1', ['10.0.0.2', 'fd00:0:0::1', '10.0.0.3', 'fd00::2'])).toEqual(['10.0.0.2', 'fd00:0:0::1']);
  });

  it('when it lists an IPv4 and an IPv6 CIDR range, then every address inside is trusted and none outside', () => {
    const inside = ['10.244.0.0', '10.244.255.255', 'fd00::1', 'fdff:ffff::1'];
    const outside = ['10.243.255.255', '10.245.0.0', 'fc00::1', 'fe00::1'];

    expect(whichTrusted('10.244.0.0/16,fd00::/8', [...inside, ...outside])).toEqual(inside);
  });

  it('when an IPv4 peer is reported as an IPv4-mapped IPv6 address, then the IPv4 range or address trusts it', () => {
    const mapped = ['::ffff:10.244.3.4', '::FFFF:af4:304', '::ffff:127.0.0.1'];

    expect(whichTrusted('10.244.0.0/16, 127.0.0.1', [...mapped, '::ffff:10.245.0.1'])).toEqual(mapped);
  });

  it('when what is checked is not an IP address (a hostname in X-Forwarded-For), then not even 0.0.0.0/0 trusts it', () => {
    expect(whichTrusted('0.0.0.0/0', ['ingress-nginx', ''])).toEqual([]);
  });

  it('when entries are padded with spaces or the list has empty items, then the spaces and empty items are ignored', () => {
    const trusted = trustedProxies(' 10.244.0.0/16 , ,fd00::/8, ');

    expect(trusted.ranges.map(({ network, prefix }) => `${network}/${prefix}`)).toEqual(['10.244.0.0/16', 'fd00::/8']);
  });

  it('when an entry is neither an address nor a CIDR range, then start-up fails naming each bad entry', () => {
    const load = () => trustedProxies('10.244.0.0/16, ingress-nginx, 10.0.0.300, 10.0.0.0/8/9');

    expect(load).toThrow(ConfigError);
    expect(load).toThrow(/TRUSTED_PROXIES: "ingress-nginx" is neither an IP address nor a CIDR range \(e\.g\. 127\.0\.0\.1, 10\.244\.0\.0\/16 or fd00::\/8\)/);
    expect(load).toThrow(/TRUSTED_PROXIES: "10\.0\.0\.300" is neither/);
    expect(load).toThrow(/TRUSTED_PROXIES: "10\.0\.0\.0\/8\/9" is neither/);
  });

  it('when a prefix length does not fit the address family, then start-up fails naming the entry and the range allowed', () => {
    const load = () => trustedProxies('10.244.0.0/33, fd00::/129, 10.0.0.0/, 10.0.0.0/x');

    expect(load).toThrow(/TRUSTED_PROXIES: "10\.244\.0\.0\/33" has a prefix length outside 0 to 32 for an IPv4 range/);
    expect(load).toThrow(/TRUSTED_PROXIES: "fd00::\/129" has a prefix length outside 0 to 128 for an IPv6 range/);
    expect(load).toThrow(/"10\.0\.0\.0\/" has a prefix length outside 0 to 32/);
    expect(load).toThrow(/"10\.0\.0\.0\/x" has a prefix length outside 0 to 32/);
  });
});
