import { platform } from './platform';

/** One span as both backends describe it, reduced to what the tests walk. */
export interface TraceSpan {
  id: string;
  parentId?: string;
  name: string;
  /** The app id: an app's own spans and its sidecar's share it. */
  service: string;
  kind?: string;
}

/** Every span the tracing backend holds for `traceId` (empty until it has any). */
export async function traceSpans(traceId: string): Promise<TraceSpan[]> {
  const tracing = platform().tracing;
  if (!tracing) throw new Error('this integration platform runs without a tracing backend (TRACING=none)');
  if (tracing.backend === 'zipkin') {
    const response = await fetch(`${tracing.queryUrl}/api/v2/trace/${traceId}`, { signal: AbortSignal.timeout(10_000) });
    if (response.status === 404) return [];
    if (!response.ok) throw new Error(`zipkin answered ${response.status}: ${await response.text()}`);
    const spans = (await response.json()) as { id: string; parentId?: string; name?: string; kind?: string; localEndpoint?: { serviceName?: string } }[];
    return spans.map((span) => ({
      id: span.id,
      ...(span.parentId ? { parentId: span.parentId } : {}),
      name: span.name ?? '',
      service: span.localEndpoint?.serviceName ?? '',
      ...(span.kind ? { kind: span.kind } : {}),
    }));
  }
  const response = await fetch(`${tracing.queryUrl}/api/traces/${traceId}`, { signal: AbortSignal.timeout(10_000) });
  if (response.status === 404) return [];
  if (!response.ok) throw new Error(`jaeger answered ${response.status}: ${await response.text()}`);
  const body = (await response.json()) as {
    data?: { spans: { spanID: string; operationName: string; processID: string; references?: { refType: string; spanID: string }[]; tags?: { key: string; value: unknown }[] }[]; processes: Record<string, { serviceName: string }> }[];
  };
  return (body.data ?? []).flatMap((trace) =>
    trace.spans.map((span) => {
      const parent = span.references?.find((reference) => reference.refType === 'CHILD_OF');
      const kind = span.tags?.find((tag) => tag.key === 'span.kind')?.value;
      return {
        id: span.spanID,
        ...(parent ? { parentId: parent.spanID } : {}),
        name: span.operationName,
        service: trace.processes[span.processID]?.serviceName ?? '',
        ...(typeof kind === 'string' ? { kind: kind.toUpperCase() } : {}),
      };
    }),
  );
}

/** The chain of parent ids from `span` up to the first span whose parent is not in the trace (or is absent). */
export function ancestorsOf(span: TraceSpan, spans: TraceSpan[]): TraceSpan[] {
  const byId = new Map(spans.map((s) => [s.id, s]));
  const chain: TraceSpan[] = [];
  let current = span.parentId ? byId.get(span.parentId) : undefined;
  while (current && !chain.includes(current)) {
    chain.push(current);
    current = current.parentId ? byId.get(current.parentId) : undefined;
  }
  return chain;
}
