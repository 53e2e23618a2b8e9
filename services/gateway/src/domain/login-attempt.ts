/**
 * A login as the gateway counts it. The failure counter must see the same account auth checks, whatever spelling the
 * client chose, so the gateway does not forward the client's bytes: it parses them once and forwards what it parsed,
 * re-serialised as plain UTF-8 JSON. A body auth's parser would accept in a way ours would not (a byte-order mark,
 * another charset) can then never log in uncounted.
 */
export type LoginAttempt =
  | { ok: true; account: string; body: Buffer }
  | { ok: false; problem: string };

export function parseLoginAttempt(body: Buffer | undefined, contentType: string | undefined): LoginAttempt {
  const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(contentType ?? '')?.[1]?.toLowerCase();
  if (charset && charset !== 'utf-8' && charset !== 'utf8') return { ok: false, problem: 'a login body must be UTF-8 JSON' };
  if (!body) return { ok: false, problem: 'a login needs a JSON body with email and password' };
  let parsed: unknown;
  try {
    // A UTF-8 byte-order mark is legal before JSON text (RFC 8259 lets parsers ignore it); auth's parser ignores it too.
    parsed = JSON.parse(body.toString('utf8').replace(/^\uFEFF/, ''));
  } catch {
    return { ok: false, problem: 'the request body is not valid JSON' };
  }
  const email = (parsed as { email?: unknown } | null)?.email;
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed) || typeof email !== 'string' || email.length > 254) {
    return { ok: false, problem: 'a login needs a JSON body with email and password' };
  }
  return { ok: true, account: loginAccount(email), body: Buffer.from(JSON.stringify(parsed), 'utf8') };
}

/**
 * The counter's key. At least as coarse as auth's own normalisation (trim, lower case), and also folds Unicode
 * compatibility forms (`ａｄａ@…`, a decomposed `é`), so no spelling of one address gets a counter of its own.
 */
export const loginAccount = (email: string): string => email.normalize('NFKC').trim().toLowerCase();

export const isLogin = (upstreamPath: string, method: string): boolean => method === 'POST' && upstreamPath === 'auth/login';
