import { randomBytes } from 'node:crypto';
import { context, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Attributes, type Context, type Link } from '@opentelemetry/api';
import { currentContext } from './request-context';

/** W3C Trace Context: `00-<trace-id 32 hex>-<parent-id 16 hex>-<flags 2 hex>`. */
const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;
const ALL_ZERO = /^0+$/;

export interface TraceParent {
  traceId: string;
  parentId: string;
  flags: string;
}

export function parseTraceparent(header: string | undefined): TraceParent | undefined {
  const match = header ? TRACEPARENT.exec(header.trim().toLowerCase()) : null;
  if (!match) return undefined;
  const [, traceId, parentId, flags] = match as unknown as [string, string, string, string];
  if (ALL_ZERO.test(traceId) || ALL_ZERO.test(parentId)) return undefined;
  return { traceId, parentId, flags };
}

/** A child span of the incoming trace, or a new sampled trace when there is none. */
export function childTraceparent(incoming: string | undefined): TraceParent {
  const parent = parseTraceparent(incoming);
  return {
    traceId: parent?.traceId ?? randomBytes(16).toString('hex'),
    parentId: randomBytes(8).toString('hex'),
    flags: parent?.flags ?? '01',
  };
}

export const formatTraceparent = (t: TraceParent): string => `00-${t.traceId}-${t.parentId}-${t.flags}`;

/*
 * OpenTelemetry, when started (telemetry/register), owns the spans: the HTTP server span of a request, the client
 * span of an outgoing fetch (which also writes its `traceparent` header), the spans of pg and ioredis. The helpers
 * below carry a trace across the hops where nothing carries it by itself: a row of the outbox, a Dapr Workflow
 * activity, a CloudEvent a consumer receives. Without OpenTelemetry they fall back to the request context's ids.
 */

let tracingActive = false;

/** Set by the telemetry start-up: outgoing fetches then get their `traceparent` from the fetch instrumentation. */
export function markTracingActive(active = true): void {
  tracingActive = active;
}

export const isTracingActive = (): boolean => tracingActive;

const tracer = () => trace.getTracer('@shop/service-kit');

const flagsOf = (flags: number) => (flags & 0xff).toString(16).padStart(2, '0');

/** The span running now, as a W3C traceparent: the active OpenTelemetry span, else the request context's. */
export function currentTraceparent(): string | undefined {
  const spanContext = trace.getSpan(context.active())?.spanContext();
  if (spanContext && trace.isSpanContextValid(spanContext)) {
    return formatTraceparent({ traceId: spanContext.traceId, parentId: spanContext.spanId, flags: flagsOf(spanContext.traceFlags) });
  }
  return currentContext()?.traceparent;
}

/** Trace and span id of the span running now (for log lines). */
export function currentTraceIds(): { traceId: string; spanId: string } | undefined {
  const spanContext = trace.getSpan(context.active())?.spanContext();
  if (spanContext && trace.isSpanContextValid(spanContext)) return { traceId: spanContext.traceId, spanId: spanContext.spanId };
  const parsed = parseTraceparent(currentContext()?.traceparent);
  return parsed ? { traceId: parsed.traceId, spanId: parsed.parentId } : undefined;
}

/**
 * Headers that carry the current trace on a call this process makes with fetch. With OpenTelemetry running, none:
 * the fetch instrumentation writes `traceparent` for its client span, and a second one would be ambiguous.
 */
export function outgoingTraceHeaders(traceparent: string | undefined = currentTraceparent()): Record<string, string> {
  if (tracingActive || !traceparent) return {};
  return { traceparent };
}

/** An OpenTelemetry context whose parent span is the one `traceparent` names (remote), or undefined when invalid. */
export function contextOf(traceparent: string | undefined, base: Context = ROOT_CONTEXT): Context | undefined {
  const parsed = parseTraceparent(traceparent);
  if (!parsed) return undefined;
  return trace.setSpanContext(base, { traceId: parsed.traceId, spanId: parsed.parentId, traceFlags: parseInt(parsed.flags, 16), isRemote: true });
}

export interface ContinueTraceOptions {
  kind?: SpanKind;
  attributes?: Attributes;
  /** Another span this work relates to without being its child (e.g. the delivery that brought a CloudEvent). */
  links?: Link[];
}

/**
 * Runs `work` in a new span that continues the trace `traceparent` names (its parent is that span), or a new trace
 * when it names none. The span ends when `work` settles and records a thrown error. This is how a trace survives a
 * hop that drops it: the outbox relay, a workflow activity, a pub/sub consumer.
 */
export async function continueTrace<T>(traceparent: string | undefined, name: string, work: () => Promise<T>, options: ContinueTraceOptions = {}): Promise<T> {
  const parent = contextOf(traceparent) ?? context.active();
  return tracer().startActiveSpan(name, { kind: options.kind ?? SpanKind.INTERNAL, ...(options.attributes ? { attributes: options.attributes } : {}), ...(options.links ? { links: options.links } : {}) }, parent, async (span) => {
    try {
      return await work();
    } catch (error) {
      span.recordException(error instanceof Error ? error : String(error));
      span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
      throw error;
    } finally {
      span.end();
    }
  });
}

/** Runs `work` in a child span of the span running now. */
export async function inSpan<T>(name: string, work: () => Promise<T>, options: ContinueTraceOptions = {}): Promise<T> {
  return continueTrace(currentTraceparent(), name, work, options);
}

let telemetryShutdown: (() => Promise<void>) | undefined;

/** Registered by the telemetry start-up: flushes the spans still buffered. */
export function setTelemetryShutdown(shutdown: () => Promise<void>): void {
  telemetryShutdown = shutdown;
}

/** Sends what the span processors still hold; a service calls it last when it stops. No-op without tracing. */
export async function shutdownTelemetry(): Promise<void> {
  await telemetryShutdown?.();
}
