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

/**
 * Every span the backend holds that started between `fromMs` and `toMs`, as the backend returns it (tags, annotations:
 * everything a person could read in its UI). Asked for in windows, so no answer is larger than a few seconds of traffic.
 */
export async function spansBetween(tracing: { backend: string; queryUrl: string }, fromMs: number, toMs: number, windowMs = 10_000): Promise<unknown[]> {
  const byId = new Map<string, unknown>();
  const getJson = async (url: string) => {
    const response = await fetch(url, { signal: AbortSignal.timeout(60_000) });
    if (!response.ok) throw new Error(`${tracing.backend} answered ${response.status} to ${url}: ${(await response.text()).slice(0, 300)}`);
    return response.json() as Promise<unknown>;
  };
  // Jaeger answers per service, and only for a limit below its store's max_traces (tracing.ts: 50000).
  const services = tracing.backend === 'zipkin'
    ? [undefined]
    : ((await getJson(`${tracing.queryUrl}/api/services`)) as { data?: string[] }).data ?? [];
  for (let end = toMs; end > fromMs - windowMs; end -= windowMs) {
    for (const service of services) {
      if (tracing.backend === 'zipkin') {
        const traces = (await getJson(`${tracing.queryUrl}/api/v2/traces?endTs=${end}&lookback=${windowMs}&limit=100000`)) as { id: string; traceId: string }[][];
        for (const span of traces.flat()) byId.set(`${span.traceId}/${span.id}`, span);
      } else {
        const url = `${tracing.queryUrl}/api/traces?service=${encodeURIComponent(service!)}&start=${(end - windowMs) * 1000}&end=${end * 1000}&limit=10000`;
        const body = (await getJson(url)) as { data?: { traceID: string; spans: { spanID: string }[]; processes: unknown }[] };
        for (const trace of body.data ?? []) for (const span of trace.spans) byId.set(`${trace.traceID}/${span.spanID}`, { ...span, process: (trace.processes as Record<string, unknown>)[(span as { processID?: string }).processID ?? ''] });
      }
    }
  }
  return [...byId.values()];
}
