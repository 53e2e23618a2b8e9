import { AsyncLocalStorage } from 'node:async_hooks';

/** What follows a request through async code: log lines, outgoing calls and error bodies read it from here. */
export interface RequestContext {
  correlationId: string;
  traceparent: string;
  traceId: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

export const runWithContext = <T>(context: RequestContext, fn: () => T): T => storage.run(context, fn);
export const currentContext = (): RequestContext | undefined => storage.getStore();

/** Runs `fn` outside any request: background work started from a request (a timer it armed) must not inherit it. */
export const runOutsideContext = <T>(fn: () => T): T => storage.exit(fn);
