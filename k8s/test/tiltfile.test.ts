import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { REPO_ROOT, kustomizeBuild, parseObjects, runFileApps, tool, toolsBin } from './support/tools';

interface Manifest {
  Name: string;
  ResourceDependencies: string[] | null;
  ImageTargets: { selector: string; BuildDetails: { target: string; args: string[] }; LiveUpdateSpec: LiveUpdate }[] | null;
  DeployTarget: { yaml?: string; PodReadinessMode?: string; Links?: { Name: string }[]; portForwardTemplateSpec?: { forwards: { localPort: number }[] }; UpdateCmdSpec?: { args: string[] } };
}
interface LiveUpdate {
  stopPaths: string[];
  syncs: { localPath: string; containerPath: string }[];
  execs: { args: string[]; triggerPaths: string[] }[];
}

/** What Tilt makes of the Tiltfile, evaluated by Tilt itself (no cluster, no Docker: `tilt alpha tiltfile-result`). */
function tiltfileResult(): Manifest[] {
  const result = spawnSync(tool('tilt'), ['alpha', 'tiltfile-result', '--file', path.join(REPO_ROOT, 'Tiltfile')], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    // The Tiltfile runs `kustomize build`: the pinned one.
    env: { ...process.env, PATH: `${toolsBin()}${path.delimiter}${process.env.PATH}` },
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0) throw new Error(`tilt alpha tiltfile-result exited ${result.status}: ${result.stderr}`);
  return (JSON.parse(result.stdout) as { Manifests: Manifest[] }).Manifests;
}

const INFRA = ['postgres', 'redis', 'rabbitmq', 'zipkin', 'prometheus', 'alertmanager', 'mailpit', 'sms-sink'];
const CLUSTER = ['ingress-nginx', 'dapr', 'secrets', 'dapr-resources', 'network-policies'];

describe('the Tiltfile', () => {
  const manifests = tiltfileResult();
  const byName = new Map(manifests.map((m) => [m.Name, m]));
  const apps = runFileApps().map((app) => app.appID);

  it('when Tilt evaluates it, then it yields one resource per app plus the infrastructure and the cluster add-ons, nothing uncategorized', () => {
    expect(manifests.map((m) => m.Name).sort()).toEqual([...apps, ...INFRA, ...CLUSTER].sort());
  });

  it("when an app's resource is built, then its image is the one its Deployment runs, from the Dockerfile's dev target", () => {
    for (const app of apps) {
      const manifest = byName.get(app)!;
      const [image] = manifest.ImageTargets!;
      const deployment = parseObjects(manifest.DeployTarget.yaml!).find((o) => o.kind === 'Deployment')!;

      expect({ app, selector: image!.selector, build: image!.BuildDetails.target, args: image!.BuildDetails.args })
        .toEqual({ app, selector: `dapr-shop/${app}`, build: 'dev', args: [`SERVICE=${app}`] });
      expect(deployment.spec.template.spec.containers[0].image.split(':')[0]).toBe(image!.selector);
    }
  });

  it('when an app changes, then its src is synced and compiled in place, and a package change rebuilds the image', () => {
    for (const app of apps) {
      const live = byName.get(app)!.ImageTargets![0]!.LiveUpdateSpec;

      expect(live.syncs).toContainEqual({ localPath: `services/${app}/src`, containerPath: `/app/services/${app}/src` });
      expect(live.syncs).toContainEqual({ localPath: 'packages/service-kit/src', containerPath: '/app/packages/service-kit/src' });
      expect(live.stopPaths).toEqual(expect.arrayContaining(['package.json', 'package-lock.json', `services/${app}/package.json`]));
      expect(live.execs.map((exec) => exec.args.join(' '))).toEqual(['sh -c npx tsc -b']);
    }
  });

  it('when the apps start, then Dapr, its resources, the NetworkPolicies and the infrastructure come first', () => {
    for (const app of apps) expect(byName.get(app)!.ResourceDependencies).toEqual(expect.arrayContaining(['dapr-resources', 'network-policies', ...INFRA]));
    expect(byName.get('dapr-resources')!.ResourceDependencies).toEqual(['dapr', 'secrets']);
    expect(byName.get('dapr-resources')!.DeployTarget.PodReadinessMode).toBe('ignore');
    expect(byName.get('network-policies')!.DeployTarget.PodReadinessMode).toBe('ignore');
    expect(byName.get('dapr')!.DeployTarget.UpdateCmdSpec!.args.join(' ')).toMatch(/helm upgrade --install dapr .* --version \d+\.\d+\.\d+ /);
  });

  it('when Zipkin, Prometheus and Alertmanager run, then their UIs are forwarded and linked', () => {
    for (const [name, port] of [['zipkin', 9411], ['prometheus', 9090], ['alertmanager', 9093]] as const) {
      const target = byName.get(name)!.DeployTarget;

      expect(target.portForwardTemplateSpec!.forwards.map((f) => f.localPort)).toEqual([port]);
      expect(target.Links!.length).toBe(1);
    }
  });

  it.each([
    ['prometheus', ['prometheus', 'prometheus-rules']],
    ['alertmanager', ['alertmanager']],
  ])('when %s is deployed, then its resource holds the generated ConfigMaps it mounts: %j', (name, configMaps) => {
    const objects = parseObjects(byName.get(name)!.DeployTarget.yaml!);

    const generated = objects.filter((o) => o.kind === 'ConfigMap').map((o) => o.metadata.name.replace(/-[a-z0-9]{10}$/, ''));

    expect(generated.sort()).toEqual(configMaps);
  });

  it('when the resources are deployed, then together they hold every object of the kind overlay', () => {
    const deployed = manifests.flatMap((m) => (m.DeployTarget.yaml ? parseObjects(m.DeployTarget.yaml) : []));
    const key = (o: { kind: string; metadata: { name: string } }): string => `${o.kind}/${o.metadata.name}`;

    expect(deployed.map(key).sort()).toEqual(parseObjects(kustomizeBuild('k8s/overlays/kind')).map(key).sort());
  });
});
