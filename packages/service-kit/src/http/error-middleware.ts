import type { Middleware } from 'koa';
import { ZodError } from 'zod';
import { AppError, kindForStatus, type Problem } from '../errors';
import type { Logger } from '../logger';
import { currentContext } from '../request-context';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/**
 * The only place errors become HTTP responses. Expected failures (AppError, zod, body-parser errors) keep their
 * status and message; anything else is logged with its stack and answered with a generic 500 that never leaks it.
 */
export function errorMiddleware(log: Logger): Middleware {
  return async (ctx, next) => {
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined) {
        throw AppError.notFound(`no route for ${ctx.method} ${ctx.path}`);
      }
      // The router's allowedMethods() answers a known path with another method by a bare 405 (Koa would send
      // text/plain "Method Not Allowed"); the Allow header it set stays.
      if (ctx.status === 405 && ctx.body === undefined) {
        throw new AppError('method-not-allowed', `${ctx.method} is not allowed on ${ctx.path}`);
      }
    } catch (error) {
      const appError = toAppError(error);
      if (appError.status >= 500) log.error({ err: error, path: ctx.path, method: ctx.method }, 'request failed');
      const problem: Problem = {
        type: appError.type,
        title: appError.title,
        status: appError.status,
        detail: appError.detail,
        instance: ctx.path,
        ...(currentContext() ? { traceId: currentContext()!.traceId } : {}),
        ...(appError.fieldErrors?.length ? { errors: appError.fieldErrors } : {}),
      };
      ctx.status = appError.status;
      for (const [name, value] of Object.entries(appError.headers ?? {})) ctx.set(name, value);
      ctx.type = PROBLEM_CONTENT_TYPE;
      ctx.body = problem;
    }
  };
}

export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof ZodError) {
    const fieldErrors = error.issues.map((issue) => ({ path: issue.path.join('.') || '(body)', message: issue.message }));
    return AppError.validation('the request does not match the expected shape', fieldErrors);
  }
  // Errors thrown by co-body and Koa's ctx.throw carry an HTTP status and a message safe to expose.
  const httpError = error as { status?: unknown; statusCode?: unknown; expose?: unknown; message?: unknown };
  const status = typeof httpError.status === 'number' ? httpError.status : typeof httpError.statusCode === 'number' ? httpError.statusCode : undefined;
  if (status && status >= 400 && status < 500) {
    if (status === 413) return new AppError('payload-too-large', 'the request body is larger than the allowed limit');
    const message = httpError.expose && typeof httpError.message === 'string' ? httpError.message : 'bad request';
    return new AppError(kindForStatus(status), message);
  }
  return new AppError('internal', 'an unexpected error occurred; the trace id identifies it in the logs');
}
