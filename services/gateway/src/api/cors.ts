import type { Middleware } from 'koa';

const ALLOWED_METHODS = 'GET,HEAD,POST,PUT,PATCH,DELETE';
const ALLOWED_HEADERS = 'authorization,content-type,idempotency-key,x-correlation-id,traceparent';
const EXPOSED_HEADERS = 'x-correlation-id,traceparent,retry-after,location,x-cache';

/** CORS for the configured browser origins only; preflights are answered here and never reach a service. */
export function cors(allowedOrigins: readonly string[]): Middleware {
  const allowAny = allowedOrigins.includes('*');
  return async (ctx, next) => {
    const origin = ctx.get('origin');
    const allowed = origin !== '' && (allowAny || allowedOrigins.includes(origin));
    if (allowed) {
      ctx.set('access-control-allow-origin', allowAny ? '*' : origin);
      ctx.set('access-control-expose-headers', EXPOSED_HEADERS);
      ctx.vary('origin');
    }
    if (ctx.method === 'OPTIONS' && ctx.get('access-control-request-method')) {
      if (allowed) {
        ctx.set('access-control-allow-methods', ALLOWED_METHODS);
        ctx.set('access-control-allow-headers', ALLOWED_HEADERS);
        ctx.set('access-control-max-age', '600');
      }
      ctx.status = 204;
      return;
    }
    await next();
  };
}
