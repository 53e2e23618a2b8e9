import { randomBytes } from 'node:crypto';

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
