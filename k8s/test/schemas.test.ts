import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import {
  OVERLAYS,
  buildBaseWith,
  kustomizeBuild,
  parseObjects,
  profileComponents,
  schemaDirs,
  tool,
  versions,
  REPO_ROOT,
} from './support/tools';

interface KubeconformReport {
  resources: { filename: string; kind: string; name: string; status: string; msg: string }[];
  summary: { valid: number; invalid: number; errors: number; skipped: number };
}

/**
 * kubeconform, strict (no property the schema does not define, no duplicate key), against the Kubernetes schemas of
 * the pinned release and the pinned Dapr's CRD schemas. A kind without a schema is an error, not a skip.
 */
function kubeconform(manifests: string): KubeconformReport {
  const dirs = schemaDirs();
  const result = spawnSync(
    tool('kubeconform'),
    [
      '-strict',
      '-summary',
      '-output', 'json',
      '-kubernetes-version', versions().KUBERNETES_VERSION!,
      '-schema-location', `${path.dirname(dirs.kubernetes)}/{{ .NormalizedKubernetesVersion }}-standalone{{ .StrictSuffix }}/{{ .ResourceKind }}{{ .KindSuffix }}.json`,
      '-schema-location', `${dirs.dapr}/{{ .ResourceKind }}{{ .KindSuffix }}.json`,
      '-',
    ],
    { input: manifests, encoding: 'utf8' },
  );
  if (!result.stdout) throw new Error(`kubeconform printed nothing: ${result.stderr}`);
  return JSON.parse(result.stdout) as KubeconformReport;
}

function problems(report: KubeconformReport): string[] {
  return report.resources.filter((r) => r.status !== 'statusValid').map((r) => `${r.kind}/${r.name}: ${r.status} ${r.msg}`);
}

describe('every object validates against its schema', () => {
  it.each(OVERLAYS)('when %s is validated, then every object is valid', (overlay) => {
    const manifests = kustomizeBuild(overlay);

    const report = kubeconform(manifests);

    expect(problems(report)).toEqual([]);
    expect(report.summary).toEqual({ valid: parseObjects(manifests).length, invalid: 0, errors: 0, skipped: 0 });
  });

  it.each(profileComponents())('when the base with %s is validated, then every object is valid', (component) => {
    const manifests = buildBaseWith([component]);

    const report = kubeconform(manifests);

    expect(problems(report)).toEqual([]);
    expect(report.summary.valid).toBe(parseObjects(manifests).length);
  });

  it('when the Secret templates and kind-config.yaml are validated, then they are valid Secrets and a kind Cluster', () => {
    const secrets = execFileSync('bash', [path.join(REPO_ROOT, 'scripts/k8s-secrets.sh'), '--template'], { encoding: 'utf8' });

    const report = kubeconform(secrets);

    expect(problems(report)).toEqual([]);
    const kindConfig = YAML.parse(readFileSync(path.join(REPO_ROOT, 'kind-config.yaml'), 'utf8'));
    expect(kindConfig).toMatchObject({ kind: 'Cluster', apiVersion: 'kind.x-k8s.io/v1alpha4' });
  });

  it('when a Deployment carries a field its schema does not define, then it is reported invalid', () => {
    const deployment = parseObjects(kustomizeBuild('k8s/overlays/kind')).find((o) => o.kind === 'Deployment')!;
    deployment.spec.template.spec.containers[0].imagePullPolicyy = 'Always';

    const report = kubeconform(YAML.stringify(deployment));

    expect(report.summary.invalid).toBe(1);
  });

  it('when a Dapr Component carries a field its CRD does not define, then it is reported invalid', () => {
    const component = parseObjects(kustomizeBuild('k8s/overlays/kind')).find((o) => o.kind === 'Component')!;
    component.spec.metadata[0].secretKeyReff = { name: 'redis', key: 'host' };

    const report = kubeconform(YAML.stringify(component));

    expect(report.summary.invalid).toBe(1);
  });

  it('when a NetworkPolicy carries a field its schema does not define, then it is reported invalid', () => {
    const policy = parseObjects(kustomizeBuild('k8s/overlays/kind')).find((o) => o.kind === 'NetworkPolicy' && o.spec.ingress)!;
    policy.spec.ingress[0].from[0].podSelecter = policy.spec.ingress[0].from[0].podSelector;

    const report = kubeconform(YAML.stringify(policy));

    expect(report.summary.invalid).toBe(1);
  });

  it('when a Dapr annotation is used on a Deployment, then the pinned Dapr runtime knows it', () => {
    const known = new Set(readFileSync(path.join(schemaDirs().dapr, 'annotations.txt'), 'utf8').split('\n').filter(Boolean));
    const used = new Set<string>();
    for (const overlay of OVERLAYS) {
      for (const object of parseObjects(kustomizeBuild(overlay))) {
        for (const key of Object.keys(object.spec?.template?.metadata?.annotations ?? {})) if (key.startsWith('dapr.io/')) used.add(key);
      }
    }

    expect([...used].filter((key) => !known.has(key))).toEqual([]);
    expect(used.size).toBeGreaterThan(10);
  });
});
