import { randomUUID } from 'node:crypto';
import { loadConfig } from '@shop/service-kit';
import type { z } from 'zod';

/**
 * What every service's component harness shares: the component environment's addresses, a service's config built
 * from them, the identity headers the gateway would set, and an HTTP caller for a service started in-process.
 */
export type Identity = Record<string, string>;

export const aCustomer = (id: string = randomUUID()): Identity => ({ 'x-user-id': id, 'x-user-roles': 'customer' });
export const anAdmin = (): Identity => ({ 'x-user-id': randomUUID(), 'x-user-roles': 'admin' });

/** Path ids that cannot name a row, as `[what, the id as sent]`: each service must answer them itself, never with a 5xx. */
export const IDS_THAT_ARE_NOT_UUIDS: [string, string][] = [
  ['NUL', '%00'],
  ['CRLF', '%0D%0A'],
  ['a word', 'xyz'],
  ['a uuid with NUL after it', '3f2504e0-4f89-41d3-9a0c-0305e82c3301%00'],
];

/** The database the component environment made for this service (one database and role per service). */
export function componentDatabaseUrl(service: string): string {
  const variable = `COMPONENT_DATABASE_URL_${service.toUpperCase()}`;
  const url = process.env[variable];
  if (!url) throw new Error(`${variable} is not set; run through the component project (its global setup starts the databases)`);
  return url;
}

/** Environment variables, as a service's config schema reads them. */
type Settings = Record<string, string | undefined>;

/** The settings every service needs to run in-process on a free port against the component environment. */
function componentEnvironment(service: string, settings: Settings = {}): Settings {
  return {
    SERVICE_NAME: service,
    APP_PORT: '0',
    LOG_LEVEL: 'silent',
    SHUTDOWN_GRACE_MS: '1000',
    DAPR_HTTP_PORT: process.env.COMPONENT_DAPR_HTTP_PORT,
    ...settings,
  };
}

/** A service's config as its component tests start it: the component environment, parsed by the service's schema. */
export function componentConfig<S extends z.ZodType>(schema: S, service: string, settings: Settings = {}): z.infer<S> {
  return loadConfig(schema, componentEnvironment(service, settings));
}

/**
 * The same for a service with a database: its own database, and the outbox relay off unless a test turns it on, so a
 * test reads the outbox rows its call wrote before anything publishes them.
 */
export function componentDatabaseConfig<S extends z.ZodType>(schema: S, service: string, settings: Settings = {}): z.infer<S> {
  return componentConfig(schema, service, { DATABASE_URL: componentDatabaseUrl(service), OUTBOX_RELAY_ENABLED: 'false', ...settings });
}

export interface CallOptions {
  as?: Identity;
  body?: unknown;
}

export interface Answer<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

export type Call = (method: string, path: string, options?: CallOptions) => Promise<Answer>;

/** JSON in, JSON (or nothing) out, with the caller's identity headers. */
export function httpCaller(baseUrl: string): Call {
  return async (method, path, { as, body } = {}) => {
    const response = await fetch(baseUrl + path, {
      method,
      headers: { ...as, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
  };
}

/** Status and parsed body only: for tests that compare whole answers (`toEqual({ status, body })`). */
export interface Reply {
  status: number;
  body: any;
}

export type Send = (method: string, path: string, headers: Record<string, string>, body?: string) => Promise<Reply>;

/** Raw requests with exactly the headers given (e.g. a CloudEvent delivery as Dapr makes it), answered as a Reply. */
export function rawSender(baseUrl: string): Send {
  return async (method, path, headers, body) => {
    const response = await fetch(baseUrl + path, { method, headers, ...(body === undefined ? {} : { body }) });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  };
}
