import { buildBaseWith, DEV_OVERLAYS, kustomizeBuild, parseObjects, type K8sObject } from './support/tools';

/*
 * What the platform asks the scheduler for on a development node. The project's own cluster is one node of two cores,
 * about 1.6 CPU allocatable; its own pods share it: CoreDNS, Dapr's control plane (operator, sidecar injector,
 * sentry, placement, scheduler) and Traefik, budgeted at 600m together. The platform's pods (11 apps, each with its
 * daprd sidecar, and the infrastructure) must fit in what is left with room to spare: 700m, leaving 300m for a
 * rolling update's second pod or a `kubectl run`. Memory is budgeted for a laptop that runs an editor beside it.
 * A pod counts once per replica it may have: its HorizontalPodAutoscaler's maximum where it has one.
 */
const BUDGET = { cpuMillis: 700, memoryMiB: 3072 };

/** Kubernetes quantities: `250m` or `0.5` CPU in millicores; `128Mi`, `1Gi` or bytes in MiB. */
export function cpuMillis(quantity: string | number | undefined): number {
  if (quantity === undefined) return 0;
  const text = String(quantity);
  return text.endsWith('m') ? Number(text.slice(0, -1)) : Number(text) * 1000;
}

export function memoryMiB(quantity: string | number | undefined): number {
  if (quantity === undefined) return 0;
  const match = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|K|M|G)?$/.exec(String(quantity));
  if (!match) throw new Error(`unreadable memory quantity ${quantity}`);
  const factor: Record<string, number> = { '': 1 / 2 ** 20, Ki: 1 / 1024, Mi: 1, Gi: 1024, K: 1000 / 2 ** 20, M: 1e6 / 2 ** 20, G: 1e9 / 2 ** 20 };
  return Number(match[1]) * factor[match[2] ?? '']!;
}

interface PodRequests {
  workload: string;
  replicas: number;
  cpuMillis: number;
  memoryMiB: number;
}

/**
 * Each workload's requests per pod: its containers, the largest init container (they run one at a time, before the
 * others), and for a Dapr-enabled pod the sidecar the injector adds with the requests of its annotations, which every
 * app must name (without them daprd would request nothing and the sum would lie).
 */
export function podRequests(objects: K8sObject[]): PodRequests[] {
  const hpaMax = new Map(objects.filter((o) => o.kind === 'HorizontalPodAutoscaler').map((h) => [h.spec.scaleTargetRef.name, h.spec.maxReplicas as number]));
  return objects
    .filter((o) => ['Deployment', 'StatefulSet', 'DaemonSet'].includes(o.kind))
    .map((workload) => {
      const pod = workload.spec.template.spec;
      const annotations = workload.spec.template.metadata.annotations ?? {};
      const sum = (containers: any[], of: (resources: any) => number): number => containers.reduce((total, c) => total + of(c.resources?.requests ?? {}), 0);
      const largest = (containers: any[], of: (resources: any) => number): number => Math.max(0, ...containers.map((c) => of(c.resources?.requests ?? {})));
      let cpu = sum(pod.containers, (r) => cpuMillis(r.cpu)) + largest(pod.initContainers ?? [], (r) => cpuMillis(r.cpu));
      let memory = sum(pod.containers, (r) => memoryMiB(r.memory)) + largest(pod.initContainers ?? [], (r) => memoryMiB(r.memory));
      if (annotations['dapr.io/enabled'] === 'true') {
        for (const key of ['dapr.io/sidecar-cpu-request', 'dapr.io/sidecar-memory-request']) {
          if (annotations[key] === undefined) throw new Error(`${workload.kind}/${workload.metadata.name} runs a sidecar without ${key}`);
        }
        cpu += cpuMillis(annotations['dapr.io/sidecar-cpu-request']);
        memory += memoryMiB(annotations['dapr.io/sidecar-memory-request']);
      }
      const replicas = Math.max(workload.spec.replicas ?? 1, hpaMax.get(workload.metadata.name) ?? 0);
      return { workload: `${workload.kind}/${workload.metadata.name}`, replicas, cpuMillis: cpu, memoryMiB: memory };
    });
}

const total = (pods: PodRequests[], key: 'cpuMillis' | 'memoryMiB'): number => Math.round(pods.reduce((sum, p) => sum + p[key] * p.replicas, 0));

describe.each(DEV_OVERLAYS)('the requests of %s on a two-core node', (overlay) => {
  const pods = podRequests(parseObjects(kustomizeBuild(overlay)));

  it(`when every pod's requests are summed (sidecars included, HPA maxima), then they fit the budget of ${BUDGET.cpuMillis}m CPU and ${BUDGET.memoryMiB}Mi`, () => {
    const sums = { cpuMillis: total(pods, 'cpuMillis'), memoryMiB: total(pods, 'memoryMiB') };

    expect({ ...sums, fits: sums.cpuMillis <= BUDGET.cpuMillis && sums.memoryMiB <= BUDGET.memoryMiB }).toEqual({ ...sums, fits: true });
    expect(pods.filter((p) => p.workload.startsWith('Deployment/')).length).toBeGreaterThanOrEqual(11);
  });

  it('when a workload runs, then it requests some CPU and memory (a pod without requests is scheduled anywhere and counts for nothing here)', () => {
    expect(pods.filter((p) => p.cpuMillis === 0 || p.memoryMiB === 0).map((p) => p.workload)).toEqual([]);
  });
});

describe('the base, sized for a cluster with room', () => {
  it('when its apps are summed the same way, then they alone exceed the two-core budget: the development sizing is what fits', () => {
    const pods = podRequests(parseObjects(buildBaseWith(['pubsub-rabbitmq', 'actor-state-postgres'])));

    expect(total(pods, 'cpuMillis')).toBeGreaterThan(BUDGET.cpuMillis);
  });
});

describe('quantities', () => {
  it.each([
    ['250m', 250],
    ['1', 1000],
    ['0.5', 500],
  ])('when the CPU quantity %s is read, then it is %d millicores', (quantity, millis) => {
    expect(cpuMillis(quantity)).toBe(millis);
  });

  it.each([
    ['128Mi', 128],
    ['1Gi', 1024],
    ['134217728', 128],
  ])('when the memory quantity %s is read, then it is %d MiB', (quantity, mib) => {
    expect(memoryMiB(quantity)).toBe(mib);
  });
});
