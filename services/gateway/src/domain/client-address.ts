/**
 * The address a rate limit is keyed on when the caller is anonymous. X-Forwarded-For is believed only when the
 * connection comes from a configured proxy, and then only up to the first hop that is not one of ours: a client can
 * prepend whatever it likes to the header, so the rightmost untrusted entry is the one a proxy of ours saw.
 */
export function clientAddress(socketAddress: string, forwardedFor: string | undefined, trustedProxies: readonly string[]): string {
  const peer = normalise(socketAddress);
  if (!trustedProxies.includes(peer) || !forwardedFor) return peer;
  const hops = forwardedFor.split(',').map((hop) => normalise(hop.trim())).filter(Boolean);
  for (let index = hops.length - 1; index >= 0; index -= 1) {
    if (!trustedProxies.includes(hops[index]!)) return hops[index]!;
  }
  return hops[0] ?? peer;
}

/** `::ffff:127.0.0.1` (IPv4 on a dual-stack socket) is 127.0.0.1. */
const normalise = (address: string): string => address.replace(/^::ffff:/, '');
