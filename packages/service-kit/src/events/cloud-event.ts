import { randomUUID } from 'node:crypto';
import { currentContext } from '../request-context';
import { currentTraceparent } from '../trace-context';

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

/**
 * A CloudEvent stamped with the correlation id of the request being served and the traceparent of the span running
 * now, so the relay can publish it in that trace later and its consumers continue it.
 */
export function buildCloudEvent<T>(input: { type: string; source: string; data: T; subject?: string; id?: string }): CloudEvent<T> {
  const context = currentContext();
  const traceparent = currentTraceparent();
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
    ...(context ? { correlationid: context.correlationId } : {}),
    ...(traceparent ? { traceparent } : {}),
  };
}
