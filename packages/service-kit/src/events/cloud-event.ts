import { randomUUID } from 'node:crypto';
import { currentContext } from '../request-context';

/** CloudEvents 1.0, structured mode. `correlationid` and `traceparent` are extension attributes. */
export interface CloudEvent<T = unknown> {
  specversion: '1.0';
  id: string;
  source: string;
  type: string;
  time: string;
  datacontenttype: 'application/json';
  dataschema: string;
  subject?: string;
  data: T;
  correlationid?: string;
  traceparent?: string;
}

export function buildCloudEvent<T>(input: { type: string; source: string; data: T; subject?: string; id?: string }): CloudEvent<T> {
  const context = currentContext();
  return {
    specversion: '1.0',
    id: input.id ?? randomUUID(),
    source: input.source,
    type: input.type,
    time: new Date().toISOString(),
    datacontenttype: 'application/json',
    dataschema: `contracts/events/${input.type}.v1.json`,
    ...(input.subject ? { subject: input.subject } : {}),
    data: input.data,
    ...(context ? { correlationid: context.correlationId, traceparent: context.traceparent } : {}),
  };
}
