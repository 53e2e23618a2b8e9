import { AppError, type DaprSidecar, type InvokeResponse, type Logger } from '@shop/service-kit';
import type { Context, Middleware } from 'koa';
import type { RedisRateLimits } from '../data/redis-rate-limits';
import { authenticate, type TokenVerifier } from '../domain/authenticate';
import { isLogin, parseLoginAttempt } from '../domain/login-attempt';
import { forwardableRequestHeaders, isReturnedResponseHeader } from '../domain/forwarded-headers';
import { identityHeaders, type Identity } from '../domain/identity';
import { matchRoute, type Route } from '../domain/route-table';
import type { TrustedProxies } from '../domain/trusted-proxies';
import { readRawBody } from './raw-body';
import { addressKeyOf, spendRequest } from './request-budget';

export interface ProxyDeps {
  sidecar: DaprSidecar;
  verifier: TokenVerifier;
  limits: RedisRateLimits;
  trustedProxies: TrustedProxies;
  bodyLimitBytes: number;
  timeoutMs: number;
  log: Logger;
}

/** `/api/v1/...` → the app the route table names, through Dapr service invocation, with the caller's verified identity. */
export function proxy(deps: ProxyDeps): Middleware {
  return async (ctx) => {
    const [rawPath = '', rawQuery = ''] = splitTarget(ctx.req.url ?? '');
    const match = matchRoute(rawPath, ctx.method);
    const address = addressKeyOf(ctx, deps.trustedProxies);
    const identity = match.kind === 'route' ? await authenticateCharging(ctx, deps, address) : undefined;
    await spendRequest(ctx, deps.limits, identity ? `user:${identity.userId}` : address);
    if (match.kind === 'malformed') throw AppError.validation(`malformed request path: ${match.reason}`);
    if (match.kind === 'none') throw AppError.notFound(`no API at ${ctx.method} ${rawPath}`);
    // `#` too: the sidecar URL is parsed again on the way, and a fragment must not be able to cut it.
    if (!/^[\x21-\x22\x24-\x7e]*$/.test(rawQuery)) throw AppError.validation('malformed query string: it holds a control, space, `#` or non-ASCII character');
    if (!identity && !match.route.anonymous) throw AppError.unauthenticated();

    const request = await upstreamRequest(ctx, deps, match.route, match.upstreamPath);
    const upstream = await deps.sidecar.invoke(match.route.appId, {
      method: ctx.method,
      path: match.upstreamPath,
      query: rawQuery,
      headers: { ...request.headers, ...identityHeaders(identity) },
      ...(request.body ? { rawBody: request.body } : {}),
      timeoutMs: deps.timeoutMs,
    });
    assertFromTheService(upstream, match.route, deps.log);
    if (request.loginAccount && upstream.status === 401) await deps.limits.recordLoginFailure(request.loginAccount);
    if (request.loginAccount && upstream.status === 200) await deps.limits.recordLoginSuccess(request.loginAccount);

    ctx.status = upstream.status;
    upstream.headers.forEach((value, name) => {
      if (isReturnedResponseHeader(name)) ctx.set(name, value);
    });
    ctx.body = upstream.status === 204 || upstream.status === 304 ? null : upstream.body;
  };
}

/** The request target exactly as the client sent it, split at the first `?` (nothing decoded, nothing normalised). */
function splitTarget(url: string): [string, string] {
  const index = url.indexOf('?');
  return index < 0 ? [url, ''] : [url.slice(0, index), url.slice(index + 1)];
}

/**
 * A bad token costs the caller's address one request before it is refused, so a flood of forged tokens meets the same
 * 429 as any other flood instead of an endless stream of 401s.
 */
async function authenticateCharging(ctx: Context, deps: ProxyDeps, address: string): Promise<Identity | undefined> {
  try {
    return await authenticate(ctx.get('authorization') || undefined, deps.verifier);
  } catch (error) {
    await deps.limits.takeRequest(address);
    throw error;
  }
}

interface UpstreamRequest {
  headers: Record<string, string>;
  body?: Buffer;
  loginAccount?: string;
}

/** Headers and body to forward. A login is parsed and forwarded as parsed, after its account's lockout is checked. */
async function upstreamRequest(ctx: Context, deps: ProxyDeps, route: Route, upstreamPath: string): Promise<UpstreamRequest> {
  const headers = forwardableRequestHeaders(ctx.headers);
  const body = await readRawBody(ctx.req, deps.bodyLimitBytes);
  if (!isLogin(upstreamPath, route.method)) return { headers, ...(body ? { body } : {}) };
  const attempt = parseLoginAttempt(body, ctx.get('content-type') || undefined);
  if (!attempt.ok) throw AppError.validation(attempt.problem);
  await deps.limits.assertLoginAllowed(attempt.account);
  return { headers: { ...headers, 'content-type': 'application/json' }, body: attempt.body, loginAccount: attempt.account };
}

/**
 * Only the services' own answers reach the client. The services answer every error with problem+json; an error in any
 * other shape is daprd speaking (`{"errorCode":"ERR_DIRECT_INVOKE",…}` when the callee is down, an access-policy
 * refusal naming app ids and SPIFFE ids), whose details are for the logs, not for the client.
 */
function assertFromTheService(upstream: InvokeResponse, route: Route, log: Logger): void {
  if (upstream.status < 400 || upstream.headers.get('content-type')?.startsWith('application/problem+json')) return;
  log.warn({ appId: route.appId, status: upstream.status, body: upstream.body.toString('utf8').slice(0, 500) }, 'the sidecar answered instead of the service');
  if (upstream.status >= 500) throw new AppError('unavailable', `the ${route.appId} service is unavailable`);
  throw new AppError('bad-gateway', `the ${route.appId} service could not take the request`);
}
