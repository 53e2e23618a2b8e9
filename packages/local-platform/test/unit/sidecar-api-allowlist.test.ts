import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { renderAppConfiguration } from '../../src/components';
import { repoRoot } from '../../src/paths';
import { ACCESS_CONTROL_DIR, DEFAULT_RUN_FILE, renderAppConfigurations } from '../../src/platform';
import { readRunFile } from '../../src/run-file';

/**
 * The sidecar APIs (Dapr building blocks) each app calls: its sidecar serves these and no other. The gateway, the one
 * app the public reaches, only invokes.
 */
const APIS_BY_APP: Record<string, string[]> = {
  gateway: ['invoke'],
  auth: ['publish', 'secrets'],
  catalog: ['state'],
  order: ['invoke', 'jobs', 'metadata', 'publish', 'workflows'],
  inventory: ['invoke', 'jobs', 'publish'],
  payment: ['publish'],
  notification: ['bindings'],
  cart: ['invoke', 'state'],
  user: ['publish'],
  shipping: ['jobs', 'publish'],
  deadletters: ['publish'],
};

/** How Dapr names each building block's version per protocol (HTTP: the path's version; gRPC: its endpoint group). */
const VERSIONS: Record<string, { http: string; grpc: string }> = {
  invoke: { http: 'v1.0', grpc: 'v1' },
  publish: { http: 'v1.0', grpc: 'v1' },
  state: { http: 'v1.0', grpc: 'v1' },
  secrets: { http: 'v1.0', grpc: 'v1' },
  bindings: { http: 'v1.0', grpc: 'v1' },
  metadata: { http: 'v1.0', grpc: 'v1' },
  jobs: { http: 'v1.0-alpha1', grpc: 'v1alpha1' },
  workflows: { http: 'v1.0', grpc: 'v1beta1' },
};

/** What in a service's source shows it calls a building block (directly, or through the service kit). */
const USES: Record<string, RegExp> = {
  invoke: /sidecar\.invoke(Json)?[<(]|v1\.0\/invoke\//,
  publish: /OUTBOX_RELAY_ENABLED|\.publish\(/,
  state: /getState|saveState|deleteState|v1\.0\/state\//,
  secrets: /getSecret\(/,
  bindings: /v1\.0\/bindings\//,
  metadata: /waitForActorRuntime/,
  jobs: /DaprJobRegistration|jobs: \[/,
  workflows: /WorkflowRuntime|DaprWorkflowClient/,
};

interface ApiRule { name: string; version: string; protocol: string }

const appIds = readRunFile(DEFAULT_RUN_FILE).apps.map((app) => app.appID);
const rulesOf = (apis: string[]): ApiRule[] =>
  (['http', 'grpc'] as const).flatMap((protocol) => apis.map((name) => ({ name, version: VERSIONS[name]![protocol], protocol })));
const sortRules = (rules: ApiRule[]) => [...rules].sort((a, b) => `${a.protocol} ${a.name}`.localeCompare(`${b.protocol} ${b.name}`));

function sourceOf(dir: string): string {
  return readdirSync(dir).map((entry) => {
    const file = path.join(dir, entry);
    if (statSync(file).isDirectory()) return sourceOf(file);
    return file.endsWith('.ts') ? readFileSync(file, 'utf8') : '';
  }).join('\n');
}

describe('sidecar API allowlist (spec.api.allowed of each app\'s Configuration)', () => {
  it('when the run file lists an app, then the table names the APIs of exactly those apps', () => {
    expect(Object.keys(APIS_BY_APP).sort()).toEqual([...appIds].sort());
  });

  it('when each app\'s Configuration is rendered, then it allows exactly the APIs of the table, over HTTP and gRPC', () => {
    const runtimeDir = mkdtempSync(path.join(os.tmpdir(), 'api-allowlist-'));
    const fileOf = renderAppConfigurations(runtimeDir, appIds);

    for (const appId of appIds) {
      const rendered = parse(readFileSync(fileOf(appId), 'utf8')) as { spec: { api?: { allowed?: ApiRule[]; denied?: unknown } } };

      // gRPC invocation is denied everywhere: no app invokes over gRPC, and there it would take a URL as the target.
      expect({ appId, allowed: sortRules(rendered.spec.api?.allowed ?? []), denied: rendered.spec.api?.denied }).toEqual({ appId, allowed: sortRules(rulesOf(APIS_BY_APP[appId]!)), denied: [{ name: 'invoke', version: 'v1', protocol: 'grpc' }] });
    }
  });

  it('when the gateway\'s sidecar is configured, then service invocation is the only API it serves', () => {
    const runtimeDir = mkdtempSync(path.join(os.tmpdir(), 'api-allowlist-'));

    const gateway = parse(readFileSync(renderAppConfigurations(runtimeDir, ['gateway'])('gateway'), 'utf8')) as { spec: { api: { allowed: ApiRule[] } } };

    expect(new Set(gateway.spec.api.allowed.map((rule) => rule.name))).toEqual(new Set(['invoke']));
  });

  it('when a service\'s source calls a building block, then its sidecar allows it, and it allows nothing the source does not call', () => {
    for (const appId of appIds) {
      const source = sourceOf(path.join(repoRoot, 'services', appId, 'src'));

      const used = Object.entries(USES).filter(([, pattern]) => pattern.test(source)).map(([name]) => name).sort();

      expect({ appId, apis: used }).toEqual({ appId, apis: [...APIS_BY_APP[appId]!].sort() });
    }
  });

  it('when any app\'s sidecar is configured, then its HTTP API passes the invoke-targets policy, which every app loads', () => {
    const runtimeDir = mkdtempSync(path.join(os.tmpdir(), 'api-allowlist-'));
    const fileOf = renderAppConfigurations(runtimeDir, appIds);
    const policy = parse(readFileSync(path.join(repoRoot, 'components', 'local', 'invoke-targets.yaml'), 'utf8')) as { spec: { type: string }; scopes: string[] };

    for (const appId of appIds) {
      const rendered = parse(readFileSync(fileOf(appId), 'utf8')) as { spec: { httpPipeline?: { handlers: { name: string; type: string }[] } } };

      expect({ appId, handlers: rendered.spec.httpPipeline?.handlers }).toEqual({ appId, handlers: [{ name: 'invoke-targets', type: policy.spec.type }] });
    }
    expect(policy.spec.type).toBe('middleware.http.opa');
    expect([...policy.scopes].sort()).toEqual([...appIds].sort());
  });

  it('when an app\'s file has access control but no API allowlist, then rendering fails instead of serving every API', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'api-allowlist-'));
    const withoutApi = parse(readFileSync(path.join(ACCESS_CONTROL_DIR, 'payment.yaml'), 'utf8')) as { spec: Record<string, unknown> };
    delete withoutApi.spec.api;
    const appFile = path.join(dir, 'payment.yaml');
    writeFileSync(appFile, stringify(withoutApi));

    const render = () => renderAppConfiguration(path.join(repoRoot, 'components', 'config', 'local.yaml'), appFile, 'payment', path.join(dir, 'out.yaml'), { NAME_RESOLUTION_DB: 'x', ZIPKIN_ENDPOINT: '' });

    expect(render).toThrow(/expected spec\.api\.allowed, the sidecar APIs payment calls/);
  });

  it('when a test\'s probe app is rendered, then it keeps every API (it publishes and invokes freely) and nobody may invoke it', () => {
    const runtimeDir = mkdtempSync(path.join(os.tmpdir(), 'api-allowlist-'));

    const probe = parse(readFileSync(renderAppConfigurations(runtimeDir, [], ['event-probe'])('event-probe'), 'utf8')) as { spec: Record<string, unknown> };

    expect(probe.spec.api).toBeUndefined();
    expect(probe.spec.accessControl).toEqual({ defaultAction: 'deny', trustDomain: 'public', policies: [] });
  });
});
