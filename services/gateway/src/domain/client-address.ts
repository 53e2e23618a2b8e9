import type { TrustedProxies } from './trusted-proxies';

/**
 * The address a rate limit is keyed on when the caller is anonymous. X-Forwarded-For is believed only when the
 * connection comes from a trusted proxy, and then only up to the first hop that is not one of ours: a client can
 * prepend whatever it likes to the header, so the rightmost untrusted entry is the one a proxy of ours saw. When every
 * hop is trusted, the leftmost is the furthest we can see.
 */
export function clientAddress(socketAddress: string, forwardedFor: string | undefined, trustedProxies: TrustedProxies): string {
  const peer = unmapped(socketAddress);
  if (!trustedProxies.trusts(peer) || !forwardedFor) return peer;
  const hops = forwardedFor.split(',').map((hop) => unmapped(hop.trim())).filter(Boolean);
  for (let index = hops.length - 1; index >= 0; index -= 1) {
    if (!trustedProxies.trusts(hops[index]!)) return hops[index]!;
  }
  return hops[0] ?? peer;
}

/** `::ffff:127.0.0.1` (IPv4 on a dual-stack socket) is 127.0.0.1: one client, one bucket, whichever socket it used. */
const unmapped = (address: string): string => address.replace(/^::ffff:(?=\d{1,3}(\.\d{1,3}){3}$)/i, '');
