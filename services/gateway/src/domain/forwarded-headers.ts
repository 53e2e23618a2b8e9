import { isIdentityHeader } from './identity';

/** Request headers a service may see. Anything else (cookies, hop-by-hop, identity) stays at the edge. */
const FORWARDED_REQUEST_HEADERS = new Set(['accept', 'accept-language', 'content-type', 'idempotency-key', 'if-match', 'if-none-match', 'user-agent']);

/** Response headers a client may see from a service; the gateway sets correlation and trace headers itself. */
const RETURNED_RESPONSE_HEADERS = new Set(['content-type', 'cache-control', 'etag', 'location', 'retry-after', 'www-authenticate', 'x-cache', 'x-total-count']);

export function forwardableRequestHeaders(incoming: Record<string, string | string[] | undefined>): Record<string, string> {
  const forwarded: Record<string, string> = {};
  for (const [name, value] of Object.entries(incoming)) {
    const lower = name.toLowerCase();
    if (value === undefined || isIdentityHeader(lower) || !FORWARDED_REQUEST_HEADERS.has(lower)) continue;
    forwarded[lower] = Array.isArray(value) ? value.join(', ') : value;
  }
  return forwarded;
}

export const isReturnedResponseHeader = (name: string): boolean => RETURNED_RESPONSE_HEADERS.has(name.toLowerCase());
