import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { IntegrationPlatform } from '../../integration/support/platform';

/** The kubeconfig context `make cluster-up` writes; the namespace the local overlay deploys the shop into. */
export const CONTEXT = 'dapr-shop-local';
export const NAMESPACE = 'default';
/** The ingress's address (the contract's local URL): Traefik on the node's loopback. */
export const INGRESS_URL = process.env.SHOP_INGRESS_URL ?? 'http://127.0.0.1:8088';

export function kubectl(args: string[], input?: string): string {
  return execFileSync('kubectl', ['--context', CONTEXT, ...args], { encoding: 'utf8', timeout: 120_000, ...(input === undefined ? {} : { input }), stdio: ['pipe', 'pipe', 'pipe'] });
}

export const kubectlJson = <T>(args: string[]): T => JSON.parse(kubectl([...args, '-o', 'json'])) as T;

export interface Pod {
  metadata: { name: string; uid: string; labels?: Record<string, string> };
  spec: { containers: { name: string; image: string }[] };
  status: { phase: string; containerStatuses?: { name: string; ready: boolean; restartCount: number; imageID: string }[] };
}

export const appPods = (): Pod[] =>
  kubectlJson<{ items: Pod[] }>(['get', 'pods', '-n', NAMESPACE, '-l', 'app.kubernetes.io/component=app']).items;

function secretValue(name: string, key: string): string {
  const secret = kubectlJson<{ data: Record<string, string> }>(['get', 'secret', '-n', NAMESPACE, name]);
  const value = secret.data[key];
  if (!value) throw new Error(`secret ${name} has no key ${key}`);
  return Buffer.from(value, 'base64').toString('utf8');
}

/**
 * Points the integration suite's helpers (api, registerAndLogin, loginAdmin, traceSpans) at the shop on the cluster:
 * the gateway through the ingress, the admin password from the cluster's Secret, Zipkin by its ClusterIP (kube-proxy
 * routes Service addresses from the node too). No sidecar is reachable from outside the cluster: `apps` stays empty.
 */
export function useShopOnCluster(): void {
  const secretsDir = mkdtempSync(path.join(tmpdir(), 'shop-cluster-'));
  const secretsFile = path.join(secretsDir, 'secrets.json');
  writeFileSync(secretsFile, JSON.stringify({ 'admin-password': secretValue('admin-password', 'admin-password') }), { mode: 0o600 });
  const zipkin = kubectlJson<{ spec: { clusterIP: string; ports: { port: number }[] } }>(['get', 'service', '-n', NAMESPACE, 'zipkin']);
  const shop: IntegrationPlatform = {
    runtimeDir: secretsDir,
    startedAtMs: Date.now(),
    gatewayUrl: INGRESS_URL,
    probeUrl: '',
    apps: {},
    secretsFile,
    messageSinkUrl: '',
    prometheusUrl: '',
    alertmanagerUrl: '',
    tracing: { backend: 'zipkin', queryUrl: `http://${zipkin.spec.clusterIP}:${zipkin.spec.ports[0]!.port}` },
  };
  process.env.INTEGRATION_PLATFORM = JSON.stringify(shop);
}

/**
 * Runs `script` with node inside an app's container (the runtime image has node and nothing like curl), with the
 * container's environment: DAPR_HTTP_PORT and DAPR_API_TOKEN are its sidecar's. Prints what the script prints.
 */
export function nodeInApp(appId: string, script: string): string {
  return kubectl(['exec', '-n', NAMESPACE, `deploy/${appId}`, '-c', appId, '--', 'node', '-e', script]);
}
