import { randomUUID } from 'node:crypto';
import type { Middleware } from 'koa';
import { runWithContext } from '../request-context';
import { childTraceparent, currentTraceparent, formatTraceparent, isTracingActive, parseTraceparent } from '../trace-context';

export const CORRELATION_HEADER = 'x-correlation-id';
const SAFE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Gives every request a correlation id (the caller's when it is well-formed) and a W3C traceparent continuing the
 * caller's trace, exposes both on the response, and makes them visible to logs and outgoing calls.
 */
export function correlationMiddleware(): Middleware {
  return async (ctx, next) => {
    const incoming = ctx.get(CORRELATION_HEADER);
    const correlationId = SAFE_ID.test(incoming) ? incoming : randomUUID();
    // With OpenTelemetry, the HTTP server span (which continued the caller's traceparent) is this request's span.
    const serverSpan = isTracingActive() ? parseTraceparent(currentTraceparent()) : undefined;
    const trace = serverSpan ?? childTraceparent(ctx.get('traceparent') || undefined);
    const traceparent = formatTraceparent(trace);
    ctx.set(CORRELATION_HEADER, correlationId);
    ctx.set('traceparent', traceparent);
    await runWithContext({ correlationId, traceparent, traceId: trace.traceId }, next);
  };
}
