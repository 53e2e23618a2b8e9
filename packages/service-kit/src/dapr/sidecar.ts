import { AppError } from '../errors';
import { CORRELATION_HEADER } from '../http/correlation';
import { currentContext } from '../request-context';
import { continueTrace, currentTraceparent, outgoingTraceHeaders } from '../trace-context';
import { SpanKind } from '@opentelemetry/api';
import type { CloudEvent } from '../events/cloud-event';

export const PUBSUB_NAME = 'pubsub';
export const STATE_STORE_NAME = 'statestore';
export const SECRET_STORE_NAME = 'secretstore';
const PUBLISH_TIMEOUT_MS = 15_000;
const STATE_TIMEOUT_MS = 10_000;

export interface InvokeRequest {
  method?: string;
  path: string;
  query?: string;
  headers?: Record<string, string>;
  body?: unknown;
  rawBody?: Buffer | string;
  timeoutMs?: number;
}

export interface InvokeResponse {
  status: number;
  headers: Headers;
  body: Buffer;
}

/**
 * Typed access to this service's sidecar, through its HTTP API: invocation (callers, the gateway above all, need the
 * callee's status code, headers and body unchanged, which the Dapr JS SDK's invoker hides behind an exception), pub/sub,
 * state and secrets. Not through the SDK's DaprClient: before its first call it polls the sidecar's metadata API, which
 * an app's sidecar serves only if the app needs it (the API allowlist in components/config/access-control/<app>.yaml).
 */
export class DaprSidecar {
  readonly baseUrl: string;
  /** Headers every call to the sidecar's API carries (its API token, when the sidecar requires one). */
  readonly apiHeaders: Record<string, string>;

  constructor(readonly host: string, readonly httpPort: number, readonly apiToken?: string) {
    this.baseUrl = `http://${host}:${httpPort}`;
    this.apiHeaders = apiToken ? { 'dapr-api-token': apiToken } : {};
  }

  static fromConfig(config: { DAPR_HOST: string; DAPR_HTTP_PORT: number; DAPR_API_TOKEN?: string | undefined }): DaprSidecar {
    return new DaprSidecar(config.DAPR_HOST, config.DAPR_HTTP_PORT, config.DAPR_API_TOKEN);
  }

  /**
   * Calls `method path` on another app through both sidecars (mTLS, retries and tracing are Dapr's job). Only ever an
   * app of the platform, by its plain id: see PLAIN_APP_ID.
   */
  async invoke(appId: string, request: InvokeRequest): Promise<InvokeResponse> {
    assertPlainTarget(appId, request.headers);
    const context = currentContext();
    const headers: Record<string, string> = { ...request.headers, ...this.apiHeaders };
    if (context) headers[CORRELATION_HEADER] ??= context.correlationId;
    // The sidecar continues the trace to the callee (its spans and the callee's server span join it).
    if (!headers.traceparent) Object.assign(headers, outgoingTraceHeaders());
    let body: string | Buffer | undefined;
    if (request.rawBody !== undefined) body = request.rawBody;
    else if (request.body !== undefined) {
      body = JSON.stringify(request.body);
      headers['content-type'] ??= 'application/json';
    }
    const path = request.path.replace(/^\/+/, '');
    const url = `${this.baseUrl}/v1.0/invoke/${appId}/method/${path}${request.query ? `?${request.query}` : ''}`;
    // fetch resolves dot segments (`..`, `%2e%2e`) before sending: whatever the path, it must stay below the method.
    if (!new URL(url).pathname.startsWith(`/v1.0/invoke/${appId}/method/`)) {
      throw new AppError('internal', `refusing to invoke ${appId}: the path leaves /v1.0/invoke/${appId}/method/`);
    }
    try {
      const response = await fetch(url, {
        method: request.method ?? 'GET',
        headers,
        body: body as RequestInit["body"],
        signal: AbortSignal.timeout(request.timeoutMs ?? 10_000),
      });
      return { status: response.status, headers: response.headers, body: Buffer.from(await response.arrayBuffer()) };
    } catch (error) {
      if (error instanceof Error && error.name === 'TimeoutError') {
        throw new AppError('timeout', `${appId} did not answer in time`);
      }
      throw new AppError('unavailable', `${appId} could not be reached through the sidecar`);
    }
  }

  /**
   * Invokes an operation that answers every business outcome with 2xx JSON (Dapr's circuit breakers count any other
   * answer as a failure, so internal operations never use 4xx for "no"). Anything else is the callee's or Dapr's
   * failure: 503 and 504 stay what they are, every other status (a 404 included) becomes a 502 with the callee's detail.
   */
  async invokeJson<T>(appId: string, request: InvokeRequest): Promise<T> {
    const response = await this.invoke(appId, request);
    const text = response.body.toString('utf8');
    if (response.status >= 200 && response.status < 300) return (text ? JSON.parse(text) : undefined) as T;
    const detail = `${appId} answered ${response.status}: ${detailOf(text)}`;
    throw new AppError(response.status === 503 ? 'unavailable' : response.status === 504 ? 'timeout' : 'bad-gateway', detail);
  }

  /**
   * Publishes a complete CloudEvent so its id (the outbox row id) survives: consumers deduplicate on it. The topic is
   * the event type, except when re-publishing an event to the topic it was first published on (dead-letter replay).
   *
   * The publish runs in a PRODUCER span continuing the trace the event carries (its `traceparent`, stamped when the
   * event was written to the outbox, long before and outside the request that wrote it). The sidecar's publish span
   * is a child of ours, and the sidecar stamps its own span into the CloudEvent's `traceparent`/`traceid`, which the
   * consumer's sidecar continues. Without tracing, the event's traceparent travels in the `traceparent` header.
   */
  async publish(event: CloudEvent, pubsubName = PUBSUB_NAME, topic = event.type): Promise<void> {
    await continueTrace(event.traceparent, `publish ${topic}`, async () => {
      const traceparent = currentTraceparent() ?? event.traceparent;
      // The sidecar keeps an event's trace fields when `traceid` is present (an event replayed from the dead-letter
      // topic carries its first delivery's): without it, the sidecar stamps its publish span, a child of ours.
      const { traceid: _traceid, tracestate: _tracestate, ...fresh } = event as CloudEvent & { traceid?: unknown; tracestate?: unknown };
      const body = traceparent ? { ...fresh, traceparent } : fresh;
      const url = `${this.baseUrl}/v1.0/publish/${encodeURIComponent(pubsubName)}/${encodeURIComponent(topic)}`;
      let response: Response;
      try {
        response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/cloudevents+json', ...this.apiHeaders, ...outgoingTraceHeaders(traceparent) },
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(PUBLISH_TIMEOUT_MS),
        });
      } catch (error) {
        throw new Error(`publishing ${event.type} ${event.id} to ${topic} failed: ${describe(error)}`);
      }
      const answer = await response.text();
      if (!response.ok) throw new Error(`publishing ${event.type} ${event.id} to ${topic} failed: the sidecar answered ${response.status} ${answer.slice(0, 500)}`);
    }, { kind: SpanKind.PRODUCER, attributes: { 'messaging.system': 'dapr', 'messaging.destination.name': topic, 'messaging.message.id': event.id, 'dapr.pubsub': pubsubName } });
  }

  async getState<T>(key: string, storeName = STATE_STORE_NAME): Promise<T | undefined> {
    const response = await this.call('GET', `/v1.0/state/${encodeURIComponent(storeName)}/${encodeURIComponent(key)}`, undefined, `reading state ${key}`);
    // The sidecar answers 204 with no body for a missing key.
    const text = await response.text();
    if (response.status === 204 || text === '') return undefined;
    try {
      return JSON.parse(text) as T;
    } catch {
      return text as T;
    }
  }

  async saveState(key: string, value: unknown, options: { ttlSeconds?: number } = {}, storeName = STATE_STORE_NAME): Promise<void> {
    const metadata = options.ttlSeconds ? { ttlInSeconds: String(options.ttlSeconds) } : undefined;
    await this.call('POST', `/v1.0/state/${encodeURIComponent(storeName)}`, [{ key, value, ...(metadata ? { metadata } : {}) }], `saving state ${key}`);
  }

  async deleteState(key: string, storeName = STATE_STORE_NAME): Promise<void> {
    await this.call('DELETE', `/v1.0/state/${encodeURIComponent(storeName)}/${encodeURIComponent(key)}`, undefined, `deleting state ${key}`);
  }

  async getSecret(key: string, storeName = SECRET_STORE_NAME): Promise<string> {
    const response = await this.call('GET', `/v1.0/secrets/${encodeURIComponent(storeName)}/${encodeURIComponent(key)}`, undefined, `reading secret ${key}`);
    const secret = (await response.json()) as Record<string, string>;
    const value = secret[key];
    if (value === undefined) throw new Error(`secret ${key} is missing from ${storeName}`);
    return value;
  }

  /** One call to the sidecar's own API (state, secrets); anything but 2xx is an Error naming what was being done. */
  private async call(method: string, path: string, body: unknown, what: string): Promise<Response> {
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers: { ...this.apiHeaders, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(STATE_TIMEOUT_MS),
      });
    } catch (error) {
      throw new Error(`${what} failed: ${describe(error)}`);
    }
    if (!response.ok) throw new Error(`${what} failed: the sidecar answered ${response.status} ${(await response.text()).slice(0, 500)}`);
    return response;
  }

  /**
   * Waits until the sidecar has loaded its components (`/v1.0/healthz/outbound`), which it does before the app
   * listens: use it at start-up to read secrets or state. `checkReady` would wait for the app itself.
   */
  async waitForOutbound(timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let lastError = 'no answer';
    while (Date.now() < deadline) {
      try {
        const response = await fetch(`${this.baseUrl}/v1.0/healthz/outbound`, { signal: AbortSignal.timeout(1_000) });
        if (response.status === 204) return;
        lastError = `answered ${response.status}`;
      } catch (error) {
        lastError = error instanceof Error ? error.message : String(error);
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    throw new Error(`the Dapr sidecar at ${this.baseUrl} was not ready within ${timeoutMs} ms (${lastError})`);
  }

  /** Waits until the sidecar's actor runtime (which Dapr Workflow runs on) is connected to placement and running. */
  async waitForActorRuntime(timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let last = 'no answer';
    while (Date.now() < deadline) {
      try {
        const metadata = (await (await fetch(`${this.baseUrl}/v1.0/metadata`, { headers: this.apiHeaders, signal: AbortSignal.timeout(1_000) })).json()) as { actorRuntime?: { runtimeStatus?: string; placement?: string } };
        last = `${metadata.actorRuntime?.runtimeStatus ?? 'unknown'}, ${metadata.actorRuntime?.placement ?? 'placement unknown'}`;
        if (metadata.actorRuntime?.runtimeStatus === 'RUNNING' && /connected/.test(metadata.actorRuntime.placement ?? '')) return;
      } catch (error) {
        last = error instanceof Error ? error.message : String(error);
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    throw new Error(`the sidecar's actor runtime was not running within ${timeoutMs} ms (${last})`);
  }

  /** The sidecar is up and has loaded its components (204 from /v1.0/healthz). */
  async checkReady(): Promise<void> {
    const response = await fetch(`${this.baseUrl}/v1.0/healthz`, { signal: AbortSignal.timeout(1_500) });
    if (response.status !== 204 && response.status !== 200) throw new Error(`sidecar health answered ${response.status}`);
  }

  /** Nothing to release: every call is a fetch of its own. Kept so services stop their clients in one place. */
  async stop(): Promise<void> {}
}

/**
 * An app id as the platform names its apps: a DNS label (lower-case letters, digits, inner hyphens). daprd also takes
 * `<app>.<namespace>`, an HTTPEndpoint's name or a whole URL (`http://host:port`, also percent-encoded) as the target of
 * `/v1.0/invoke/<target>/method/…`, or from a `dapr-app-id` header or HTTP Basic credentials `dapr-app-id:<target>`,
 * and Dapr 1.18 has no setting that turns invocation by URL off (the API allowlist enables or disables invocation as a
 * whole; an HTTPEndpoint resource only adds targets). With such a target a sidecar is a proxy to any address the
 * machine reaches: every sidecar refuses one (the policy in components/local/invoke-targets.yaml), and the client never
 * composes one either.
 */
export const PLAIN_APP_ID = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

function assertPlainTarget(appId: string, headers: Record<string, string> = {}): void {
  if (!PLAIN_APP_ID.test(appId)) throw new AppError('internal', `refusing to invoke ${JSON.stringify(appId.slice(0, 100))}: not a plain app id`);
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (lower === 'dapr-app-id' || (lower === 'authorization' && /^\s*basic\s/i.test(value))) {
      throw new AppError('internal', `refusing to invoke ${appId} with a ${lower} header: it would choose another target`);
    }
  }
}

const describe = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** The `detail` of a problem+json answer, else the start of whatever text came back. */
function detailOf(text: string): string {
  try {
    const detail = (JSON.parse(text) as { detail?: unknown } | null)?.detail;
    if (typeof detail === 'string') return detail;
  } catch {
    // not JSON: a sidecar's or proxy's plain text
  }
  return text.slice(0, 300) || 'no body';
}
