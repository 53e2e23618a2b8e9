import { readFileSync } from 'node:fs';
import { parseSamples, scrape } from '../../support/prometheus-text';

export interface IntegrationPlatform {
  runtimeDir: string;
  /** When the platform's start began (ms since the epoch): the teardown reads every span since. */
  startedAtMs: number;
  gatewayUrl: string;
  probeUrl: string;
  /** `opsPort`: where the app serves /metrics and its full /readyz (the app port, except the gateway's). */
  apps: Record<string, { appPort: number; opsPort: number; daprHTTPPort: number; daprGRPCPort: number; metricsPort: number; daprApiToken: string }>;
  secretsFile: string;
  /** The local SMTP/SMS sink: GET /messages?to= lists what would have been sent. */
  messageSinkUrl: string;
  /** Crash and restart apps or sidecars: POST /crash, POST /restart {appId, part}. Only the chaos platform has it. */
  chaosUrl?: string;
  /** The Prometheus the platform started, scraping every app and sidecar. */
  prometheusUrl: string;
  /** The Alertmanager Prometheus sends firing alerts to; it emails on-call through the message sink. */
  alertmanagerUrl: string;
  /** The tracing backend's query API (absent with TRACING=none). */
  tracing?: { backend: 'zipkin' | 'jaeger' | 'none'; queryUrl: string };
}

export function platform(): IntegrationPlatform {
  const raw = process.env.INTEGRATION_PLATFORM;
  if (!raw) throw new Error('INTEGRATION_PLATFORM is not set: run through the integration project (jest --selectProjects integration)');
  return JSON.parse(raw) as IntegrationPlatform;
}

export const localSecrets = (): Record<string, string> => JSON.parse(readFileSync(platform().secretsFile, 'utf8')) as Record<string, string>;

export interface ApiResponse<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

/** Sees every response `api()` gets, e.g. to hold it against the OpenAPI document (see documented-responses.ts). */
export type ResponseCheck = (method: string, path: string, response: ApiResponse) => void;
let responseCheck: ResponseCheck | undefined;

/** From now on, in this test file (each file has its own modules), every response of `api()` goes through `check`. */
export function checkEveryResponse(check: ResponseCheck | undefined): void {
  responseCheck = check;
}

/** A call to the gateway, the platform's only public door. */
export async function api<T = any>(
  method: string,
  path: string,
  options: { token?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: string | undefined = options.rawBody;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] ??= 'application/json';
  }
  const response = await fetch(`${platform().gatewayUrl}/api/v1${path}`, { method, headers, body, signal: AbortSignal.timeout(20_000) });
  const text = await response.text();
  let parsed: unknown = undefined;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = text;
  }
  const result: ApiResponse<T> = { status: response.status, headers: response.headers, body: parsed as T, text };
  responseCheck?.(method, path, result);
  return result;
}

export const uniqueEmail = (label: string) => `${label}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.test`;

export async function registerAndLogin(label: string): Promise<{ email: string; password: string; userId: string; accessToken: string; refreshToken: string }> {
  const email = uniqueEmail(label);
  const password = 'correct horse battery';
  const registered = await api<{ id: string }>('POST', '/auth/register', { body: { email, password, name: label } });
  if (registered.status !== 201) throw new Error(`register answered ${registered.status}: ${registered.text}`);
  const login = await api<{ accessToken: string; refreshToken: string }>('POST', '/auth/login', { body: { email, password } });
  if (login.status !== 200) throw new Error(`login answered ${login.status}: ${login.text}`);
  return { email, password, userId: registered.body.id, ...login.body };
}

export async function loginAdmin(): Promise<string> {
  const login = await api<{ accessToken: string }>('POST', '/auth/login', { body: { email: 'admin@shop.local', password: localSecrets()['admin-password'] } });
  if (login.status !== 200) throw new Error(`admin login answered ${login.status}: ${login.text}`);
  return login.body.accessToken;
}

export async function eventually<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${what} did not happen within ${timeoutMs} ms`);
}

/** The chaos endpoint: only the chaos platform (test/chaos) has one, so the end-to-end platform's counters stay whole. */
function chaosUrl(): string {
  const url = platform().chaosUrl;
  if (!url) throw new Error('crashes and outages run on the chaos platform: put this test under test/chaos (jest --selectProjects chaos)');
  return url;
}

/** `crash`: SIGKILL (the runner restarts it, with backoff); `hold`: stopped on purpose, down until `restart`. */
export async function chaos(action: 'crash' | 'hold' | 'restart', appId: string, part: 'app' | 'sidecar'): Promise<void> {
  const response = await fetch(`${chaosUrl()}/${action}`, { method: 'POST', body: JSON.stringify({ appId, part }), signal: AbortSignal.timeout(90_000) });
  if (response.status !== 204) throw new Error(`${action} ${appId} ${part}: ${response.status} ${await response.text()}`);
}

/** Stops or starts an infrastructure process of the platform: `broker` is whatever carries pub/sub in this run. */
export async function infrastructure(action: 'stop' | 'start', process: string): Promise<void> {
  const response = await fetch(`${chaosUrl()}/${action}`, { method: 'POST', body: JSON.stringify({ process }), signal: AbortSignal.timeout(120_000) });
  if (response.status !== 204) throw new Error(`${action} ${process}: ${response.status} ${await response.text()}`);
}

/** The Prometheus samples of an app's daprd whose name and labels match, e.g. the circuit breaker's state. */
export async function sidecarMetric(appId: string, name: string, labels: Record<string, string>): Promise<number[]> {
  const app = platform().apps[appId];
  if (!app) throw new Error(`no app ${appId} in this platform`);
  const samples = parseSamples(await scrape(`http://127.0.0.1:${app.metricsPort}/metrics`));
  return samples.filter((sample) => sample.name === name && Object.entries(labels).every(([label, value]) => sample.labels[label] === value)).map((sample) => sample.value);
}

/** A call to an app's sidecar API as that app makes it: with the sidecar's API token. */
export function sidecarFetch(appId: string, path: string, init: RequestInit = {}): Promise<Response> {
  const app = platform().apps[appId];
  if (!app) throw new Error(`no app ${appId} in this platform`);
  return fetch(`http://127.0.0.1:${app.daprHTTPPort}${path}`, { ...init, headers: { ...(init.headers as Record<string, string>), 'dapr-api-token': app.daprApiToken } });
}
