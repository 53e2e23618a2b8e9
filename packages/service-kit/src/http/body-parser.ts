import './request-body';
import coBody from 'co-body';
import type { Middleware } from 'koa';
import { AppError } from '../errors';

export const JSON_TYPES = ['application/json', 'application/cloudevents+json', 'application/*+json'];

/**
 * Parses JSON bodies, including Dapr's `application/cloudevents+json` deliveries. A body over the limit fails with 413
 * before it is fully read; malformed JSON fails with 400; a body of another type on a write is refused with 415.
 */
export function jsonBodyParser(options: { limit?: string } = {}): Middleware {
  const limit = options.limit ?? '1mb';
  return async (ctx, next) => {
    const hasBody = ctx.request.length !== undefined ? ctx.request.length > 0 : Boolean(ctx.get('transfer-encoding'));
    if (!hasBody || ['GET', 'HEAD', 'DELETE', 'OPTIONS'].includes(ctx.method) && !ctx.request.is(JSON_TYPES)) {
      return next();
    }
    if (!ctx.request.is(JSON_TYPES)) {
      // A body-less POST relayed by a sidecar may arrive chunked with a default content type: empty is no body.
      const text = await coBody.text(ctx, { limit });
      if (text.length === 0) return next();
      throw new AppError('unsupported-media-type', `expected a JSON body, got ${ctx.get('content-type') || 'no content type'}`);
    }
    ctx.request.body = await coBody.json(ctx, { limit, strict: true, returnRawBody: false }).catch((error: unknown) => {
      // co-body reports malformed JSON as a bare SyntaxError (status 400) with the parser's message.
      if (error instanceof SyntaxError) throw AppError.validation('the request body is not valid JSON');
      throw error;
    });
    return next();
  };
}
