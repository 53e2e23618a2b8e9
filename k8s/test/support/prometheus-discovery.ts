import type { K8sObject } from './tools';

/*
 * What a Prometheus scrape config makes of the pods it discovers, worked out offline: Kubernetes pod discovery (one
 * target per declared container port, with the `__meta_kubernetes_pod_…` labels Prometheus documents), then the job's
 * relabel_configs. Enough of both for the overlays' configs (keep, drop, replace); anything else fails loudly.
 * JavaScript's regular expressions stand in for RE2, which reads the simple patterns used here the same way.
 */

/** A target's labels: discovered (`__address__`, `__meta_…`) or final. */
export type Labels = Record<string, string>;

export interface RelabelConfig {
  source_labels?: string[];
  separator?: string;
  regex?: string;
  target_label?: string;
  replacement?: string;
  action?: string;
}

export interface ScrapeConfig {
  job_name: string;
  metrics_path?: string;
  static_configs?: { targets: string[]; labels?: Labels }[];
  kubernetes_sd_configs?: { role: string; namespaces?: { names?: string[] } }[];
  relabel_configs?: RelabelConfig[];
}

export interface Container {
  name: string;
  ports?: { name?: string; containerPort: number }[];
}

/** A running pod as discovery sees it. Its address stands for its IP: a target's URL then names the pod. */
export interface Pod {
  namespace: string;
  name: string;
  /** Set only for a pod on the host's network, whose connections come from a host address (NetworkPolicy ipBlocks). */
  address?: string;
  labels: Labels;
  annotations: Labels;
  containers: Container[];
}

/** A target Prometheus would scrape: its URL and the labels its series get. */
export interface ScrapeTarget {
  url: string;
  labels: Labels;
}

/** One pod per Deployment and StatefulSet of a build (named after it), with the sidecar Dapr injects where enabled. */
export function podsOf(objects: K8sObject[]): Pod[] {
  return objects
    .filter((o) => o.kind === 'Deployment' || o.kind === 'StatefulSet')
    .map((workload) => {
      const { labels = {}, annotations = {} } = workload.spec.template.metadata;
      const containers: Container[] = workload.spec.template.spec.containers;
      return {
        namespace: workload.metadata.namespace ?? 'default',
        name: workload.metadata.name,
        labels,
        annotations,
        containers: annotations['dapr.io/enabled'] === 'true' ? [...containers, injectedSidecar(annotations)] : containers,
      };
    });
}

/** The targets of one job among the given pods (static targets included), after its relabeling. */
export function scrapeTargets(job: ScrapeConfig, pods: Pod[]): ScrapeTarget[] {
  const discovered = [
    ...(job.static_configs ?? []).flatMap((group) => group.targets.map((address) => ({ ...group.labels, __address__: address }))),
    ...(job.kubernetes_sd_configs ?? []).flatMap((sd) => {
      if (sd.role !== 'pod') throw new Error(`${job.job_name}: kubernetes_sd role ${sd.role} is not simulated here`);
      return pods.filter((pod) => sd.namespaces?.names?.includes(pod.namespace) ?? true).flatMap(podTargetLabels);
    }),
  ];
  return discovered.flatMap((labels) => {
    const relabelled = relabel({ job: job.job_name, __metrics_path__: job.metrics_path ?? '/metrics', __scheme__: 'http', ...labels }, job.relabel_configs ?? []);
    return relabelled ? [scrapeTarget(relabelled)] : [];
  });
}

/** The labels a job's targets can get from its config: every relabel target, static label, `job` and `instance`. */
export function attachedLabels(job: ScrapeConfig): Set<string> {
  const relabelled = (job.relabel_configs ?? []).filter((rule) => (rule.action ?? 'replace') === 'replace').map((rule) => rule.target_label!);
  const statics = (job.static_configs ?? []).flatMap((group) => Object.keys(group.labels ?? {}));
  return new Set(['job', 'instance', ...relabelled, ...statics].filter((name) => !name.startsWith('__')));
}

/** Prometheus's relabeling: the rules in order; undefined once a keep or drop rule discards the target. */
export function relabel(labels: Labels, rules: RelabelConfig[]): Labels | undefined {
  let current: Labels | undefined = { ...labels };
  for (const rule of rules) {
    current = applyRule(current, rule);
    if (!current) return undefined;
  }
  return current;
}

function applyRule(labels: Labels, rule: RelabelConfig): Labels | undefined {
  const value = (rule.source_labels ?? []).map((name) => labels[name] ?? '').join(rule.separator ?? ';');
  // Prometheus anchors the expression at both ends.
  const match = new RegExp(`^(?:${String(rule.regex ?? '(.*)')})$`).exec(value);
  switch (rule.action ?? 'replace') {
    case 'keep':
      return match ? labels : undefined;
    case 'drop':
      return match ? undefined : labels;
    case 'replace':
      return match ? withLabel(labels, rule.target_label!, expand(rule.replacement ?? '$1', match)) : labels;
    default:
      throw new Error(`relabel action ${rule.action} is not simulated here`);
  }
}

/** `$1` and `${1}` in a replacement, as Go's Regexp.Expand fills them. */
const expand = (replacement: string, match: RegExpExecArray): string =>
  replacement.replace(/\$\{?(\d+)\}?/g, (_, group: string) => match[Number(group)] ?? '');

/** A replace rule that yields nothing removes the label. */
function withLabel(labels: Labels, name: string, value: string): Labels {
  const { [name]: _previous, ...others } = labels;
  return value === '' ? others : { ...others, [name]: value };
}

/** After relabeling: `instance` defaults to the address, and labels starting with `__` are gone. */
function scrapeTarget(labels: Labels): ScrapeTarget {
  const kept = Object.fromEntries(Object.entries(labels).filter(([name]) => !name.startsWith('__')));
  return {
    url: `${labels.__scheme__}://${labels.__address__}${labels.__metrics_path__}`,
    labels: { instance: labels.__address__!, ...kept },
  };
}

/** One label set per declared container port, as Prometheus's pod role discovers them. */
function podTargetLabels(pod: Pod): Labels[] {
  const metadata: Labels = {
    __meta_kubernetes_namespace: pod.namespace,
    __meta_kubernetes_pod_name: pod.name,
    ...prefixed('__meta_kubernetes_pod_label_', pod.labels),
    ...prefixed('__meta_kubernetes_pod_annotation_', pod.annotations),
  };
  return pod.containers.flatMap((container) =>
    (container.ports ?? []).map((port) => ({
      ...metadata,
      __address__: `${pod.name}:${port.containerPort}`,
      __meta_kubernetes_pod_container_name: container.name,
      __meta_kubernetes_pod_container_port_name: port.name ?? '',
      __meta_kubernetes_pod_container_port_number: String(port.containerPort),
    })),
  );
}

/** Label and annotation names become label names: every character outside [a-zA-Z0-9_] turns into `_`. */
function prefixed(prefix: string, labels: Labels): Labels {
  return Object.fromEntries(Object.entries(labels).map(([name, value]) => [prefix + name.replace(/[^a-zA-Z0-9_]/g, '_'), value]));
}

/** The daprd container Dapr's injector adds (pkg/injector/patcher/sidecar_container.go), with its ports' defaults. */
function injectedSidecar(annotations: Labels): Container {
  const port = (annotation: string, fallback: number): number => Number(annotations[annotation] ?? fallback);
  return {
    name: 'daprd',
    ports: [
      { name: 'dapr-http', containerPort: 3500 },
      { name: 'dapr-grpc', containerPort: port('dapr.io/grpc-port', 50001) },
      { name: 'dapr-internal', containerPort: port('dapr.io/internal-grpc-port', 50002) },
      { name: 'dapr-metrics', containerPort: port('dapr.io/metrics-port', 9090) },
    ],
  };
}
