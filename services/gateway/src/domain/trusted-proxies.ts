import { BlockList, isIP } from 'node:net';

/** One trusted proxy entry: a single address is a range of one (/32, /128). */
export interface ProxyRange {
  network: string;
  prefix: number;
  family: 'ipv4' | 'ipv6';
}

export type ParsedProxyEntry = { ok: true; range: ProxyRange } | { ok: false; problem: string };

const EXAMPLES = 'e.g. 127.0.0.1, 10.244.0.0/16 or fd00::/8';

/** `10.0.0.1`, `fd00::1`, `10.244.0.0/16`, `fd00::/8`; anything else is explained in the problem. */
export function parseProxyEntry(entry: string): ParsedProxyEntry {
  const [network = '', prefixText, ...rest] = entry.split('/');
  const version = isIP(network);
  if (version === 0 || rest.length > 0) return { ok: false, problem: `"${entry}" is neither an IP address nor a CIDR range (${EXAMPLES})` };
  const family = version === 4 ? 'ipv4' : 'ipv6';
  const longest = version === 4 ? 32 : 128;
  if (prefixText === undefined) return { ok: true, range: { network, prefix: longest, family } };
  const prefix = /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : Number.NaN;
  if (!(prefix >= 0 && prefix <= longest)) {
    return { ok: false, problem: `"${entry}" has a prefix length outside 0 to ${longest} for an IPv${version} range (${EXAMPLES})` };
  }
  return { ok: true, range: { network, prefix, family } };
}

/**
 * The reverse proxies (ingress controllers, load balancers) whose X-Forwarded-For the gateway believes. Matching is
 * node:net's BlockList, which treats an IPv4-mapped IPv6 address (`::ffff:10.0.0.1`, what a dual-stack socket reports
 * for an IPv4 peer) as the IPv4 address it carries, in both directions.
 */
export class TrustedProxies {
  private readonly list = new BlockList();

  constructor(readonly ranges: readonly ProxyRange[]) {
    for (const range of ranges) this.list.addSubnet(range.network, range.prefix, range.family);
  }

  trusts(address: string): boolean {
    const version = isIP(address);
    return version !== 0 && this.list.check(address, version === 4 ? 'ipv4' : 'ipv6');
  }
}
