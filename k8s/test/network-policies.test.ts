import { existsSync } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { CONTROL_PLANE, INGRESS_CONTROLLER, TRAEFIK_ON_HOST, ingressControllerOf } from './support/cluster-peers';
import { mountedConfigFile } from './support/mounted-config';
import { admits } from './support/network-policy-model';
import {
  addressConnections,
  appTracingConnections,
  describeConnection,
  ingressConnections,
  scrapeConnections,
  secretConnections,
  sidecarConnections,
  tracingConnections,
  type Connection,
} from './support/platform-connections';
import { podsOf, type Pod, type ScrapeConfig } from './support/prometheus-discovery';
import { DEV_OVERLAYS, OVERLAYS, generatedSecrets, kustomizeBuild, parseObjects, schemaDirs, type K8sObject } from './support/tools';

/*
 * The NetworkPolicies of each overlay, evaluated over its pods (one per workload, with the sidecar Dapr injects) and the
 * pods it meets outside its namespace: every connection the platform opens, read from the manifests, is allowed, and
 * nothing else is.
 */

/** The prod overlay's placeholder for the organisation's Prometheus (k8s/overlays/prod/prometheus-peer.yaml). */
const ORGANISATION_PROMETHEUS: Pod = {
  namespace: 'monitoring',
  name: 'prometheus',
  labels: { 'app.kubernetes.io/name': 'prometheus' },
  annotations: {},
  containers: [],
};

/** Pods of another namespace wearing the labels of an app, of Prometheus and of either ingress controller. */
const STRANGERS: Pod[] = [
  { 'app.kubernetes.io/name': 'order', 'app.kubernetes.io/component': 'app' },
  { 'app.kubernetes.io/name': 'prometheus' },
  INGRESS_CONTROLLER.labels,
  TRAEFIK_ON_HOST.labels,
].map((labels, index) => ({ namespace: 'elsewhere', name: `stranger-${index}`, labels, annotations: {}, containers: [] }));

const KIND_OBJECTS = parseObjects(kustomizeBuild('k8s/overlays/kind'));
/** The kind Prometheus's jobs: what any Prometheus of the platform scrapes (production's too, docs/kubernetes.md). */
const SCRAPE_JOBS: ScrapeConfig[] = YAML.parse(mountedConfigFile(KIND_OBJECTS, 'prometheus')).scrape_configs;
const SECRETS = generatedSecrets();

const daprEnabled = (pod: Pod): boolean => pod.annotations['dapr.io/enabled'] === 'true';
const portNamed = (pod: Pod, name: string): number => pod.containers.flatMap((c) => c.ports ?? []).find((p) => p.name === name)!.containerPort;
const deployed = (objects: K8sObject[], name: string): boolean => objects.some((o) => o.kind === 'Deployment' && o.metadata.name === name);

/** Every connection the platform opens in a build: routed, invoked, scraped, or named by a Secret or a config file. */
function neededConnections(objects: K8sObject[], pods: Pod[], scraper: Pod, controller: Pod): Connection[] {
  const byName = (name: string): Pod => pods.find((pod) => pod.name === name)!;
  const configured = (deployment: string, addresses: (config: any) => string[]): Connection[] =>
    deployed(objects, deployment)
      ? addressConnections(objects, pods, byName(deployment), addresses(YAML.parse(mountedConfigFile(objects, deployment))), `${deployment}'s config`)
      : [];
  return [
    ...ingressConnections(objects, pods, controller),
    ...sidecarConnections(pods),
    ...scrapeConnections(SCRAPE_JOBS, pods, scraper),
    ...secretConnections(objects, pods, SECRETS),
    ...tracingConnections(objects, pods),
    ...appTracingConnections(objects, pods),
    ...configured('prometheus', (config) => config.alerting.alertmanagers.flatMap((am: any) => am.static_configs.flatMap((c: any) => c.targets))),
    ...configured('alertmanager', (config) => config.receivers.flatMap((r: any) => (r.email_configs ?? []).map((e: any) => e.smarthost ?? config.global.smtp_smarthost))),
  ];
}

describe.each(OVERLAYS)('network policies in %s', (overlay) => {
  const objects = parseObjects(kustomizeBuild(overlay));
  const policies = objects.filter((o) => o.kind === 'NetworkPolicy');
  const pods = podsOf(objects);
  const apps = pods.filter(daprEnabled);
  const scraper = deployed(objects, 'prometheus') ? pods.find((pod) => pod.name === 'prometheus')! : ORGANISATION_PROMETHEUS;
  const controller = ingressControllerOf(overlay);
  const needed = neededConnections(objects, pods, scraper, controller);
  const allowed = (connections: Omit<Connection, 'why'>[]): string[] =>
    connections.filter((c) => admits(policies, c.from, c.to, c.port)).map(describeConnection);
  const denied = (connections: Omit<Connection, 'why'>[]): string[] =>
    connections.filter((c) => !admits(policies, c.from, c.to, c.port)).map(describeConnection);

  it('when the overlay is built, then every pod is isolated for ingress by default and no policy restricts egress', () => {
    const defaultDeny = policies.filter((p) => Object.keys(p.spec.podSelector).length === 0 && !p.spec.ingress);

    expect(defaultDeny.map((p) => [p.metadata.namespace, p.spec.policyTypes])).toEqual([['default', ['Ingress']]]);
    expect(policies.filter((p) => p.spec.egress || p.spec.policyTypes?.includes('Egress')).map((p) => p.metadata.name)).toEqual([]);
    expect(existsSync(path.join(schemaDirs().kubernetes, 'networkpolicy-networking-v1.json'))).toBe(true);
  });

  it("when the ingress controller forwards a request, then it reaches the gateway's http port", () => {
    const routed = ingressConnections(objects, pods, controller);

    expect(routed.map(describeConnection)).toEqual([`${controller.namespace}/${controller.name} → default/gateway:8080 (http)`]);
    expect(denied(routed)).toEqual([]);
  });

  it("when a sidecar invokes any app (its own app's other replicas included), then the callee sidecar's internal gRPC port is open to it", () => {
    const invocations = sidecarConnections(pods);

    expect(invocations).toHaveLength(apps.length ** 2);
    expect(new Set(invocations.map((c) => c.port))).toEqual(new Set([50002]));
    expect(denied(invocations)).toEqual([]);
  });

  it("when Prometheus scrapes, then every app's http port (the gateway's ops port instead) and every sidecar's dapr-metrics port is open to it", () => {
    const scrapes = scrapeConnections(SCRAPE_JOBS, pods, scraper);
    const metricsPort = (app: Pod) => portNamed(app, app.name === 'gateway' ? 'ops' : 'http');

    expect(scrapes.map(describeConnection).sort()).toEqual(
      apps.flatMap((to) => [metricsPort(to), 9090].map((port) => describeConnection({ from: scraper, to, port }))).sort(),
    );
    expect(denied(scrapes)).toEqual([]);
  });

  it("when an app pod calls an app's http port directly, around both sidecars, then it is denied (the gateway's too: no pod picks its X-Forwarded-For)", () => {
    const direct = apps.flatMap((from) => apps.map((to) => ({ from, to, port: portNamed(to, 'http') })));

    expect(allowed(direct)).toEqual([]);
  });

  it("when a pod calls a sidecar's Dapr API (dapr-http, dapr-grpc) from outside its own pod, then it is denied", () => {
    const api = apps.flatMap((from) => apps.flatMap((to) => ['dapr-http', 'dapr-grpc'].map((name) => ({ from, to, port: portNamed(to, name) }))));

    expect(allowed(api)).toEqual([]);
  });

  it('when a pod of another namespace or of the Dapr control plane connects to any port of any pod, then it is denied, whatever its labels', () => {
    const outsiders = [...STRANGERS, ...CONTROL_PLANE].flatMap((from) =>
      pods.flatMap((to) => to.containers.flatMap((c) => c.ports ?? []).map((p) => ({ from, to, port: p.containerPort }))),
    );

    expect(allowed(outsiders)).toEqual([]);
    expect(outsiders.length).toBeGreaterThan(100);
  });

  it('when every known pod connects to every declared port, then exactly the connections the platform needs are allowed', () => {
    const sources = [...pods, controller, ...CONTROL_PLANE, ...STRANGERS, ...(scraper === ORGANISATION_PROMETHEUS ? [scraper] : [])];
    const every = sources.flatMap((from) => pods.flatMap((to) => to.containers.flatMap((c) => c.ports ?? []).map((p) => ({ from, to, port: p.containerPort }))));

    const neededSet = [...new Set(needed.map(describeConnection))].sort();

    expect(allowed(every).sort()).toEqual(neededSet);
  });
});

describe.each(DEV_OVERLAYS)("the infrastructure of %s behind its network policies", (overlay) => {
  const objects = parseObjects(kustomizeBuild(overlay));
  const policies = objects.filter((o) => o.kind === 'NetworkPolicy');
  const pods = podsOf(objects);
  const pod = (name: string): Pod => pods.find((candidate) => candidate.name === name)!;
  const apps = pods.filter(daprEnabled);
  const uses = [...secretConnections(objects, pods, SECRETS), ...tracingConnections(objects, pods), ...appTracingConnections(objects, pods)];
  const clientsOf = (name: string): string[] => [...new Set(uses.filter((c) => c.to.name === name).map((c) => c.from.name))].sort();

  it('when the apps and their sidecars use Postgres, Redis, RabbitMQ, Zipkin, Mailpit and the SMS sink, then each connection is allowed', () => {
    const blocked = uses.filter((c) => !admits(policies, c.from, c.to, c.port)).map((c) => `${describeConnection(c)}: ${c.why}`);

    expect(blocked).toEqual([]);
    expect([...new Set(uses.map((c) => c.to.name))].sort()).toEqual(['mailpit', 'postgres', 'rabbitmq', 'redis', 'sms-sink', 'zipkin']);
    expect(clientsOf('redis')).toEqual(['cart', 'catalog', 'gateway']);
    expect(clientsOf('sms-sink')).toEqual(['notification']);
  });

  it('when an app without a database (gateway, cart) connects to Postgres, then it is denied', () => {
    const attempts = ['gateway', 'cart'].map((name) => ({ from: pod(name), to: pod('postgres'), port: portNamed(pod('postgres'), 'postgres') }));

    expect(attempts.filter((c) => admits(policies, c.from, c.to, c.port)).map(describeConnection)).toEqual([]);
    expect(clientsOf('postgres')).not.toContain('gateway');
  });

  it('when an app calls Alertmanager, then it is denied; Prometheus sends its alerts there', () => {
    const alertmanager = pod('alertmanager');
    const port = portNamed(alertmanager, 'http');

    expect(apps.filter((from) => admits(policies, from, alertmanager, port)).map((from) => from.name)).toEqual([]);
    expect(admits(policies, pod('prometheus'), alertmanager, port)).toBe(true);
  });

  it('when default-deny-ingress is taken away, then a pod no other policy selects (Prometheus) is open to every pod again', () => {
    const withoutDefaultDeny = policies.filter((p) => p.metadata.name !== 'default-deny-ingress');
    const prometheus = pod('prometheus');

    const open = [...pods, ...STRANGERS].filter((from) => admits(withoutDefaultDeny, from, prometheus, portNamed(prometheus, 'http')));

    expect(open).toHaveLength(pods.length + STRANGERS.length);
    expect(admits(policies, STRANGERS[0]!, prometheus, portNamed(prometheus, 'http'))).toBe(false);
  });
});
