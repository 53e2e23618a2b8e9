import { scrapeTargets, type Pod, type ScrapeConfig } from './prometheus-discovery';
import type { K8sObject } from './tools';

/*
 * The connections the platform opens between pods, read from the manifests rather than listed by hand: what the
 * Ingress routes to, service invocation between sidecars, what Prometheus scrapes, and the addresses an app or its
 * sidecar finds in the Secrets it reads, in its tracing configuration, or in a configuration file.
 */

/** A TCP connection from a pod to a port (a number) of another, and why the platform opens it. */
export interface Connection {
  from: Pod;
  to: Pod;
  port: number;
  why: string;
}

/** `source → destination:port (port name)`, for readable failures. */
export function describeConnection({ from, to, port }: Omit<Connection, 'why'>): string {
  const name = to.containers.flatMap((c) => c.ports ?? []).find((p) => p.containerPort === port)?.name ?? 'unnamed';
  return `${from.namespace}/${from.name} → ${to.namespace}/${to.name}:${port} (${name})`;
}

const daprEnabled = (pod: Pod): boolean => pod.annotations['dapr.io/enabled'] === 'true';
const namespaceOf = (object: K8sObject): string => object.metadata.namespace ?? 'default';
const containerPort = (pod: Pod, name: string): number | undefined =>
  pod.containers.flatMap((c) => c.ports ?? []).find((p) => p.name === name)?.containerPort;

/**
 * The pods and ports an in-cluster address reaches: `name[.namespace[.svc[.cluster.local]]]` and a Service port,
 * through the Service's selector and target port. None when the build has no such Service (an address outside it).
 */
export function serviceEndpoints(objects: K8sObject[], pods: Pod[], host: string, port: number): { pod: Pod; port: number }[] {
  const [name, namespace = 'default'] = host.split('.');
  const service = objects.find((o) => o.kind === 'Service' && o.metadata.name === name && namespaceOf(o) === namespace);
  if (!service) return [];
  const servicePort = service.spec.ports.find((p: { port: number }) => p.port === port);
  if (!servicePort) throw new Error(`${host}:${port}: Service ${name} has no port ${port}`);
  const target: string | number = servicePort.targetPort ?? port;
  return pods
    .filter((pod) => pod.namespace === namespace && Object.entries<string>(service.spec.selector).every(([key, value]) => pod.labels[key] === value))
    .map((pod) => ({ pod, port: typeof target === 'number' ? target : containerPort(pod, target)! }));
}

const SCHEME_PORTS: Record<string, number> = { http: 80, https: 443 };

/**
 * The Service addresses (fully qualified, `….svc.cluster.local`) a value names, with their port: written after the
 * host, the scheme's, or `fallbackPort` (a Secret that keeps the port under a key of its own).
 */
export function clusterAddresses(value: string, fallbackPort?: number): { host: string; port: number }[] {
  const pattern = /(?:([a-z][a-z0-9+.-]*):\/\/)?(?:[^@\s/]+@)?([a-z0-9-]+\.[a-z0-9-]+\.svc\.cluster\.local)(?::(\d+))?/g;
  return [...value.matchAll(pattern)].map(([text, scheme, host, port]) => {
    const number = port ? Number(port) : (SCHEME_PORTS[scheme ?? ''] ?? fallbackPort);
    if (number === undefined) throw new Error(`no port for ${text}`);
    return { host: host!, port: number };
  });
}

/** Connections from `from` to each `host:port` a configuration file names (Prometheus's alerting, Alertmanager's smarthost). */
export function addressConnections(objects: K8sObject[], pods: Pod[], from: Pod, addresses: string[], why: string): Connection[] {
  return addresses.flatMap((address) => {
    const [host, port] = address.split(':');
    return serviceEndpoints(objects, pods, host!, Number(port)).map((end) => ({ from, to: end.pod, port: end.port, why }));
  });
}

/** The ingress controller to each backend of each Ingress rule. */
export function ingressConnections(objects: K8sObject[], pods: Pod[], controller: Pod): Connection[] {
  return objects
    .filter((o) => o.kind === 'Ingress')
    .flatMap((ingress) =>
      ingress.spec.rules.flatMap((rule: any) =>
        rule.http.paths.flatMap(({ backend }: any) => {
          const service = objects.find((o) => o.kind === 'Service' && o.metadata.name === backend.service.name && namespaceOf(o) === namespaceOf(ingress))!;
          const port = backend.service.port.number ?? service.spec.ports.find((p: { name: string }) => p.name === backend.service.port.name).port;
          return serviceEndpoints(objects, pods, `${service.metadata.name}.${namespaceOf(service)}`, port).map((end) => ({
            from: controller,
            to: end.pod,
            port: end.port,
            why: `Ingress ${ingress.metadata.name}`,
          }));
        }),
      ),
    );
}

/** Every Dapr-enabled pod to every Dapr-enabled pod's sidecar internal gRPC port (its own app's replicas included). */
export function sidecarConnections(pods: Pod[]): Connection[] {
  const apps = pods.filter(daprEnabled);
  return apps.flatMap((from) => apps.map((to) => ({ from, to, port: containerPort(to, 'dapr-internal')!, why: 'service invocation' })));
}

/** `scraper` to each target the scrape jobs find among `pods` (a target's host names its pod). */
export function scrapeConnections(jobs: ScrapeConfig[], pods: Pod[], scraper: Pod): Connection[] {
  return jobs.flatMap((job) =>
    scrapeTargets(job, pods).flatMap((target) => {
      const { hostname, port } = new URL(target.url);
      const to = pods.find((pod) => pod.name === hostname);
      return to ? [{ from: scraper, to, port: Number(port), why: `scrape job ${job.job_name}` }] : [];
    }),
  );
}

/**
 * Connections to the addresses held by the Secrets each pod reads: an environment variable of its containers (the app
 * process), or a Component scoped to its app id (its sidecar). `secrets` are the values a cluster's Secrets hold.
 * Only a key whose value names an address makes a connection (a password does not).
 */
export function secretConnections(objects: K8sObject[], pods: Pod[], secrets: Map<string, Record<string, string>>): Connection[] {
  const reads = (pod: Pod): { name: string; key: string; why: string }[] => [
    ...pod.containers.flatMap((container: any) =>
      (container.env ?? []).flatMap((env: any) =>
        env.valueFrom?.secretKeyRef ? [{ ...env.valueFrom.secretKeyRef, why: `${pod.name}'s ${env.name}` }] : [],
      ),
    ),
    ...objects
      .filter((o) => o.kind === 'Component' && (!o.scopes || o.scopes.includes(pod.annotations['dapr.io/app-id'])) && daprEnabled(pod))
      .flatMap((component) =>
        (component.spec.metadata ?? []).flatMap((item: any) =>
          item.secretKeyRef ? [{ ...item.secretKeyRef, why: `component ${component.metadata.name}` }] : [],
        ),
      ),
  ];
  return pods.flatMap((from) =>
    reads(from).flatMap(({ name, key, why }) => {
      const secret = secrets.get(name) ?? {};
      const fallbackPort = secret.port ? Number(secret.port) : undefined;
      return clusterAddresses(secret[key] ?? '', fallbackPort).flatMap(({ host, port }) =>
        serviceEndpoints(objects, pods, host.replace(/\.svc\.cluster\.local$/, ''), port).map((end) => ({ from, to: end.pod, port: end.port, why })),
      );
    }),
  );
}

/** Each sidecar to the tracing endpoint of the Configuration it runs with (`dapr.io/config`). */
export function tracingConnections(objects: K8sObject[], pods: Pod[]): Connection[] {
  return pods.filter(daprEnabled).flatMap((from) => {
    const configuration = objects.find((o) => o.kind === 'Configuration' && o.metadata.name === from.annotations['dapr.io/config']);
    const endpoint: string = configuration?.spec.tracing?.zipkin?.endpointAddress ?? '';
    return clusterAddresses(endpoint).flatMap(({ host, port }) =>
      serviceEndpoints(objects, pods, host.replace(/\.svc\.cluster\.local$/, ''), port).map((end) => ({ from, to: end.pod, port: end.port, why: 'tracing' })),
    );
  });
}

/**
 * Each app process to the Zipkin endpoint its OpenTelemetry SDK exports to: OTEL_EXPORTER_ZIPKIN_ENDPOINT of its
 * container's environment, set directly or from a ConfigMap (`envFrom`).
 */
export function appTracingConnections(objects: K8sObject[], pods: Pod[]): Connection[] {
  return pods.filter(daprEnabled).flatMap((from) =>
    from.containers.flatMap((container: any) => {
      const endpoint = containerEnvironment(objects, container).OTEL_EXPORTER_ZIPKIN_ENDPOINT ?? '';
      return clusterAddresses(endpoint).flatMap(({ host, port }) =>
        serviceEndpoints(objects, pods, host.replace(/\.svc\.cluster\.local$/, ''), port).map((end) => ({ from, to: end.pod, port: end.port, why: `${from.name}'s spans` })),
      );
    }),
  );
}

/** A container's plain environment: its ConfigMaps (`envFrom`, in order) overridden by its own `env` values. */
export function containerEnvironment(objects: K8sObject[], container: { env?: { name: string; value?: string }[]; envFrom?: { configMapRef?: { name: string } }[] }): Record<string, string> {
  const fromConfigMaps = (container.envFrom ?? []).flatMap((source) => {
    if (!source.configMapRef) return [];
    const configMap = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === source.configMapRef!.name);
    if (!configMap) throw new Error(`envFrom names ConfigMap/${source.configMapRef.name}, which the build does not have`);
    return Object.entries<string>(configMap.data ?? {});
  });
  const own = (container.env ?? []).flatMap((env) => (env.value === undefined ? [] : [[env.name, env.value] as [string, string]]));
  return Object.fromEntries([...fromConfigMaps, ...own]);
}
