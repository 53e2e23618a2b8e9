/**
 * The account a login attempt is for, read from the request body the gateway forwards anyway. Lower-cased, as auth
 * stores emails, so "Ada@X" and "ada@x" share one counter. Undefined when the body names no account.
 */
export function loginAccountOf(body: Buffer | undefined): string | undefined {
  if (!body) return undefined;
  try {
    const parsed = JSON.parse(body.toString('utf8')) as { email?: unknown };
    return typeof parsed.email === 'string' && parsed.email.length <= 254 ? parsed.email.trim().toLowerCase() : undefined;
  } catch {
    return undefined;
  }
}

export const isLogin = (upstreamPath: string, method: string): boolean => method === 'POST' && upstreamPath === 'auth/login';
