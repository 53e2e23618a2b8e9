import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import { ALERT_RULES, renderPrometheusConfig, type TargetGroup } from '../../packages/local-platform/src/prometheus';
import { runTool } from '../../monitoring/test/prometheus-tools';
import { labelMatchersIn, labelNamesIn } from '../../monitoring/test/promql';
import { everyMonitoringQuery } from '../../monitoring/test/queried-metrics';
import { configFilePath, mountedConfigMapFiles, writeMountedConfigFolder } from './support/mounted-config';
import { CONTROL_PLANE } from './support/cluster-peers';
import { attachedLabels, podsOf, scrapeTargets, type Pod, type ScrapeConfig } from './support/prometheus-discovery';
import { INSTALL_HINT, kustomizeBuild, parseObjects, runFileApps, tool, versions } from './support/tools';

/** promtool of the kind image's release (scripts/install-k8s-tools.sh): Debian's knows no kubernetes_sd_configs. */
const promtool = (...args: string[]): string => runTool(tool('promtool'), INSTALL_HINT, args);

/**
 * The local Prometheus's jobs, each with the target labels it attaches: monitoring/prometheus.yml rendered as the
 * platform runner renders it, with one target of each kind, and its file_sd target files read back.
 */
function localJobs(dir: string): Map<string, string[]> {
  const { configFile } = renderPrometheusConfig(dir, '127.0.0.1:9090', {
    apps: [{ appID: 'order', port: 3103 }],
    daprd: [{ appID: 'order', port: 9190 }],
    controlPlane: [{ component: 'sentry', port: 9091 }],
  });
  const jobs: (ScrapeConfig & { file_sd_configs?: { files: string[] }[] })[] = YAML.parse(readFileSync(configFile, 'utf8')).scrape_configs;
  return new Map(
    jobs.map((job) => {
      const groups = (job.file_sd_configs ?? []).flatMap((sd) => sd.files.flatMap((file) => JSON.parse(readFileSync(file, 'utf8')) as TargetGroup[]));
      return [job.job_name, [...new Set([...attachedLabels(job), ...groups.flatMap((group) => Object.keys(group.labels))])].sort()];
    }),
  );
}

/** The kind jobs a query selects with its `job` matchers (all of them when it names none), or an error naming what it selects in vain. */
function selectedJobs(expression: string, jobNames: string[]): string[] {
  let selected = jobNames;
  for (const { operator, value } of labelMatchersIn(expression).filter((matcher) => matcher.name === 'job')) {
    const matches = (name: string): boolean => (operator.endsWith('~') ? new RegExp(`^(?:${value})$`).test(name) : name === value);
    const positive = !operator.startsWith('!');
    selected = selected.filter((name) => matches(name) === positive);
    if (positive && !jobNames.some(matches)) throw new Error(`job${operator}"${value}" selects no job of kind's Prometheus (${jobNames.join(', ')})`);
  }
  return selected;
}

describe("the kind overlay's Prometheus", () => {
  const objects = parseObjects(kustomizeBuild('k8s/overlays/kind'));
  const dir = mkdtempSync(path.join(tmpdir(), 'kind-prometheus-'));
  // The folder as the pod reads it: the ConfigMaps that kustomize generated, where the Deployment mounts them.
  const configFile = writeMountedConfigFolder(objects, 'prometheus', path.join(dir, 'kind'));
  const config: { rule_files: string[]; scrape_configs: ScrapeConfig[] } = YAML.parse(readFileSync(configFile, 'utf8'));
  const jobNames = config.scrape_configs.map((job) => job.job_name);
  const local = localJobs(path.join(dir, 'local'));
  const localTargetLabels = new Set([...local.values()].flat());
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const targetsOf = (jobName: string, pods: Pod[]): { labels: Record<string, string>; url: string }[] =>
    scrapeTargets(config.scrape_configs.find((job) => job.job_name === jobName)!, pods);

  it('when the overlay runs Prometheus, then its image and the promtool that checks it are of the pinned KIND_PROMETHEUS_VERSION', () => {
    const version = versions().KIND_PROMETHEUS_VERSION;
    const image = objects.find((o) => o.kind === 'Deployment' && o.metadata.name === 'prometheus')!.spec.template.spec.containers[0].image;

    expect(image).toBe(`prom/prometheus:v${version}`);
    expect(promtool('--version')).toContain(`promtool, version ${version} `);
  });

  it('when promtool checks the mounted configuration, then it is valid and loads the rule file mounted beside it', () => {
    const output = promtool('check', 'config', configFile);

    expect(output).toContain('SUCCESS');
    expect(output).toContain(path.join(path.dirname(configFile), 'alerts.yml'));
  });

  it('when its rule files are read from the mounts, then they are monitoring/alerts.yml, byte for byte, and promtool finds every rule valid', () => {
    const containerFolder = path.posix.dirname(configFilePath(objects, 'prometheus'));
    const mounted = mountedConfigMapFiles(objects, 'prometheus');

    const ruleFiles = config.rule_files.map((file) => mounted.get(path.posix.resolve(containerFolder, file)));

    expect(ruleFiles).toEqual([readFileSync(ALERT_RULES, 'utf8')]);
    expect(promtool('check', 'rules', path.join(path.dirname(configFile), config.rule_files[0]!))).toMatch(/SUCCESS: \d+ rules found/);
  });

  it('when its jobs are compared with the local Prometheus, then they are the same, each attaching the target labels the local one attaches', () => {
    const missing = [...local].map(([job, labels]) => {
      const kindJob = config.scrape_configs.find((candidate) => candidate.job_name === job);
      return { job, missing: kindJob ? labels.filter((label) => !attachedLabels(kindJob).has(label)) : ['(no such job)'] };
    });

    expect([...jobNames].sort()).toEqual([...local.keys()].sort());
    expect(missing).toEqual([...local.keys()].map((job) => ({ job, missing: [] })));
  });

  it.each(everyMonitoringQuery())('when $where is evaluated on kind, then the jobs and target labels it selects are there', ({ expr }) => {
    const jobs = config.scrape_configs.filter((job) => selectedJobs(expr, jobNames).includes(job.job_name));
    const targetLabels = labelNamesIn(expr).filter((label) => localTargetLabels.has(label));

    const unattached = targetLabels.filter((label) => !jobs.some((job) => attachedLabels(job).has(label)));

    expect(jobs.length).toBeGreaterThan(0);
    expect(unattached).toEqual([]);
  });

  it("when the overlay's pods are discovered, then job apps scrapes each app's /metrics on its app port (the gateway's on its ops port), labelled with its app id", () => {
    const pods = podsOf(objects);
    const targets = targetsOf('apps', pods);
    const opsPortOf = (appId: string): number => pods.find((pod) => pod.name === appId)!.containers.flatMap((c) => c.ports ?? []).find((p) => p.name === 'ops')!.containerPort;

    expect(targets.map(({ labels, url }) => `${labels.app} ${url}`).sort())
      .toEqual(runFileApps().map((app) => `${app.appID} http://${app.appID}:${app.env?.OPS_PORT ? opsPortOf(app.appID) : app.appPort}/metrics`).sort());
  });

  it("when the overlay's pods are discovered, then job daprd scrapes each sidecar's metrics port 9090, labelled with its app id", () => {
    const targets = targetsOf('daprd', podsOf(objects));

    expect(targets.map(({ labels, url }) => `${labels.app} ${url}`).sort())
      .toEqual(runFileApps().map((app) => `${app.appID} http://${app.appID}:9090/`).sort());
  });

  it("when Dapr's control plane is discovered, then job dapr-control-plane scrapes sentry, placement and scheduler, labelled as locally", () => {
    const targets = targetsOf('dapr-control-plane', [...CONTROL_PLANE, ...podsOf(objects)]);

    expect(targets.map(({ labels, url }) => `${labels.component} ${url}`).sort()).toEqual([
      'placement http://dapr-placement-server:9090/',
      'scheduler http://dapr-scheduler-server:9090/',
      'sentry http://dapr-sentry:9090/',
    ]);
  });

  it('when it scrapes itself, then job prometheus has its own address', () => {
    expect(targetsOf('prometheus', podsOf(objects)).map((target) => target.url)).toEqual(['http://localhost:9090/metrics']);
  });
});
