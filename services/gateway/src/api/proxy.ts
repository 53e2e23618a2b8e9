import { AppError, type DaprSidecar } from '@shop/service-kit';
import type { Middleware } from 'koa';
import type { RedisRateLimits } from '../data/redis-rate-limits';
import { authenticate, type TokenVerifier } from '../domain/authenticate';
import { clientAddress } from '../domain/client-address';
import { isLogin, loginAccountOf } from '../domain/login-attempt';
import { forwardableRequestHeaders, isReturnedResponseHeader } from '../domain/forwarded-headers';
import { identityHeaders } from '../domain/identity';
import { requiresUser, resolveRoute } from '../domain/route-table';
import type { TrustedProxies } from '../domain/trusted-proxies';
import { readRawBody } from './raw-body';

export interface ProxyDeps {
  sidecar: DaprSidecar;
  verifier: TokenVerifier;
  limits: RedisRateLimits;
  trustedProxies: TrustedProxies;
  bodyLimitBytes: number;
  timeoutMs: number;
}

/** `/api/v1/<area>/...` → the owning app through Dapr service invocation, with the caller's verified identity. */
export function proxy(deps: ProxyDeps): Middleware {
  return async (ctx) => {
    const resolved = resolveRoute(ctx.path, ctx.method);
    if (!resolved) throw AppError.notFound(`no API at ${ctx.method} ${ctx.path}`);
    const identity = await authenticate(ctx.get('authorization') || undefined, deps.verifier);
    const caller = identity ? `user:${identity.userId}` : `ip:${clientAddress(ctx.req.socket.remoteAddress ?? '', ctx.get('x-forwarded-for') || undefined, deps.trustedProxies)}`;
    const allowance = await deps.limits.takeRequest(caller);
    ctx.set('ratelimit-limit', String(allowance.limit));
    ctx.set('ratelimit-remaining', String(allowance.remaining));
    if (!identity && requiresUser(resolved.route, ctx.method)) throw AppError.unauthenticated();
    const body = await readRawBody(ctx.req, deps.bodyLimitBytes);
    const loginAccount = isLogin(resolved.upstreamPath, ctx.method) ? loginAccountOf(body) : undefined;
    if (loginAccount) await deps.limits.assertLoginAllowed(loginAccount);

    const upstream = await deps.sidecar.invoke(resolved.route.appId, {
      method: ctx.method,
      path: resolved.upstreamPath,
      query: ctx.querystring,
      headers: { ...forwardableRequestHeaders(ctx.headers), ...identityHeaders(identity) },
      ...(body ? { rawBody: body } : {}),
      timeoutMs: deps.timeoutMs,
    });
    if (isSidecarFailure(upstream.status, upstream.headers, upstream.body)) {
      throw new AppError('unavailable', `the ${resolved.route.area} service is unavailable`);
    }
    if (loginAccount && upstream.status === 401) await deps.limits.recordLoginFailure(loginAccount);
    if (loginAccount && upstream.status === 200) await deps.limits.recordLoginSuccess(loginAccount);

    ctx.status = upstream.status;
    upstream.headers.forEach((value, name) => {
      if (isReturnedResponseHeader(name)) ctx.set(name, value);
    });
    ctx.body = upstream.status === 204 || upstream.status === 304 ? null : upstream.body;
  };
}

/**
 * When the callee cannot be reached, daprd itself answers 500 with `{"errorCode":"ERR_DIRECT_INVOKE",...}`. The
 * services answer with problem+json, so a JSON body with a Dapr error code is the sidecar speaking.
 */
function isSidecarFailure(status: number, headers: Headers, body: Buffer): boolean {
  if (status < 500 || !headers.get('content-type')?.startsWith('application/json')) return false;
  try {
    const parsed = JSON.parse(body.toString('utf8')) as { errorCode?: unknown };
    return typeof parsed.errorCode === 'string' && parsed.errorCode.startsWith('ERR_');
  } catch {
    return false;
  }
}
