import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { appTracingConnections, secretConnections, tracingConnections } from './support/platform-connections';
import { podsOf } from './support/prometheus-discovery';
import { REPO_ROOT, generatedSecrets, kustomizeBuild, parseObjects, runFileApps, tool, toolsBin } from './support/tools';

interface Manifest {
  Name: string;
  ResourceDependencies: string[] | null;
  ImageTargets: { selector: string; BuildDetails: { args: string[]; Deps: string[]; outputMode: string }; LiveUpdateSpec: LiveUpdate }[] | null;
  DeployTarget: {
    yaml?: string;
    PodReadinessMode?: string;
    Links?: { Name: string; URL: { Host: string } }[];
    portForwardTemplateSpec?: { forwards: { localPort: number }[] } | null;
    UpdateCmdSpec?: { args: string[] };
    Deps?: string[];
  };
}
interface LiveUpdate {
  stopPaths: string[];
  syncs: { localPath: string; containerPath: string }[];
  execs?: { args: string[]; triggerPaths: string[] }[];
}

/**
 * What Tilt makes of the Tiltfile for a kube context, evaluated by Tilt itself (no cluster, no Docker engine: `tilt
 * alpha tiltfile-result`), with a kubeconfig whose current context is that one and a `docker` whose `info` answers
 * or not.
 */
function tiltfileResult(context: string, dockerAnswers: boolean): { status: number | null; stderr: string; manifests: Manifest[] } {
  const dir = mkdtempSync(path.join(tmpdir(), 'tiltfile-'));
  try {
    writeFileSync(
      path.join(dir, 'kubeconfig'),
      `apiVersion: v1\nkind: Config\nclusters: [{name: c, cluster: {server: "https://127.0.0.1:1"}}]\nusers: [{name: u, user: {token: x}}]\ncontexts: [{name: ${context}, context: {cluster: c, user: u}}]\ncurrent-context: ${context}\n`,
    );
    writeFileSync(path.join(dir, 'docker'), dockerAnswers ? '#!/bin/sh\necho 27.0.0\n' : '#!/bin/sh\necho "Cannot connect to the Docker daemon" >&2\nexit 1\n');
    chmodSync(path.join(dir, 'docker'), 0o755);
    const result = spawnSync(tool('tilt'), ['alpha', 'tiltfile-result', '--file', path.join(REPO_ROOT, 'Tiltfile')], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      // The Tiltfile runs `kustomize build`: the pinned one.
      env: { ...process.env, KUBECONFIG: path.join(dir, 'kubeconfig'), PATH: `${dir}${path.delimiter}${toolsBin()}${path.delimiter}${process.env.PATH}` },
      maxBuffer: 64 * 1024 * 1024,
    });
    const manifests = result.status === 0 ? (JSON.parse(result.stdout) as { Manifests: Manifest[] }).Manifests : [];
    return { status: result.status, stderr: result.stderr, manifests };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const INFRA = ['postgres', 'redis', 'rabbitmq', 'zipkin', 'prometheus', 'alertmanager', 'mailpit', 'sms-sink'];
const CLUSTER = ['ingress-controller', 'dapr', 'secrets', 'dapr-resources', 'network-policies', 'compile'];
const SECRETS = generatedSecrets();

/** The Dockerfile's `dev` stage, continuation lines joined. */
function devStage(): string[] {
  const lines = readFileSync(path.join(REPO_ROOT, 'Dockerfile'), 'utf8').replace(/\\\n\s*/g, ' ').split('\n').map((l) => l.trim());
  const start = lines.findIndex((line) => /^FROM \S+ AS dev$/.test(line));
  const end = lines.findIndex((line, index) => index > start && line.startsWith('FROM '));
  return lines.slice(start, end).filter((line) => line && !line.startsWith('#'));
}

describe.each([
  { context: 'dapr-shop-local', overlay: 'k8s/overlays/local', dockerAnswers: false, build: (app: string) => `bash scripts/cluster/build-app-image.sh ${app} dev $EXPECTED_REF`, api: '127.0.0.1:8088' },
  { context: 'dapr-shop-local', overlay: 'k8s/overlays/local', dockerAnswers: true, build: (app: string) => `docker build --quiet --target dev --build-arg SERVICE=${app} --tag $EXPECTED_REF .`, api: '127.0.0.1:8088' },
  { context: 'kind-dapr-shop', overlay: 'k8s/overlays/kind', dockerAnswers: true, build: (app: string) => `docker build --quiet --target dev --build-arg SERVICE=${app} --tag $EXPECTED_REF .`, api: 'localhost' },
])('the Tiltfile on $context (a Docker engine answers: $dockerAnswers)', ({ context, overlay, dockerAnswers, build, api }) => {
  const { manifests, status, stderr } = tiltfileResult(context, dockerAnswers);
  const byName = new Map(manifests.map((m) => [m.Name, m]));
  const apps = runFileApps().map((app) => app.appID);
  const objects = parseObjects(kustomizeBuild(overlay));

  it('when Tilt evaluates it, then it yields one resource per app plus the infrastructure, the cluster add-ons and the compiler, nothing uncategorized', () => {
    expect({ status, stderr: status === 0 ? '' : stderr }).toEqual({ status: 0, stderr: '' });
    expect(manifests.map((m) => m.Name).sort()).toEqual([...apps, ...INFRA, ...CLUSTER].sort());
  });

  it("when an app's resource is built, then its image is the one its Deployment runs, built from the Dockerfile's dev target by this host's builder", () => {
    for (const app of apps) {
      const [image] = byName.get(app)!.ImageTargets!;
      const deployment = parseObjects(byName.get(app)!.DeployTarget.yaml!).find((o) => o.kind === 'Deployment')!;

      expect({ app, selector: image!.selector, command: image!.BuildDetails.args.at(-1) }).toEqual({ app, selector: `dapr-shop/${app}`, command: build(app) });
      expect(deployment.spec.template.spec.containers[0].image).toBe(image!.selector);
      // The project's builder pushes to the registry itself; Docker's images are Tilt's to push or load into kind.
      expect(image!.BuildDetails.outputMode).toBe(dockerAnswers ? 'local-docker' : 'remote');
    }
  });

  it('when an app changes, then its compiled output, service-kit\'s and the contracts are synced, nothing is compiled in the container, and a package change rebuilds the image', () => {
    for (const app of apps) {
      const live = byName.get(app)!.ImageTargets![0]!.LiveUpdateSpec;

      expect(live.syncs).toEqual([
        { localPath: `services/${app}/dist`, containerPath: `/app/services/${app}/dist` },
        { localPath: 'packages/service-kit/dist', containerPath: '/app/packages/service-kit/dist' },
        { localPath: 'contracts/events', containerPath: '/app/contracts/events' },
      ]);
      expect(live.execs ?? []).toEqual([]);
      expect(live.stopPaths).toEqual(expect.arrayContaining(['package.json', 'package-lock.json', `services/${app}/package.json`]));
    }
  });

  it("when a source of an app or of service-kit changes, then the host's `tsc -b` compiles it, and no image is rebuilt for it", () => {
    const compile = byName.get('compile')!.DeployTarget;

    expect(compile.UpdateCmdSpec!.args.at(-1)).toBe('npx tsc -b');
    expect(compile.Deps).toEqual(expect.arrayContaining([path.join(REPO_ROOT, 'packages/service-kit/src'), ...apps.map((app) => path.join(REPO_ROOT, 'services', app, 'src'))]));
    for (const app of apps) {
      const deps = byName.get(app)!.ImageTargets![0]!.BuildDetails.Deps.map((dep) => path.relative(REPO_ROOT, dep));
      expect({ app, sources: deps.filter((dep) => /(^|\/)src(\/|$)/.test(dep)) }).toEqual({ app, sources: [] });
    }
  });

  it("when a live update writes a synced folder, then the dev image made it the node user's, and the app restarts on its changes", () => {
    const stage = devStage();
    const owned = stage.filter((line) => line.startsWith('RUN ')).flatMap((line) => [...line.matchAll(/chown -R node:node ((?:"?[\w${}./-]+"?\s*)+)/g)].flatMap((m) => m[1]!.trim().split(/\s+/)));
    const cmd = JSON.parse(stage.find((line) => line.startsWith('CMD '))!.slice(4)) as string[];
    const watched = cmd.filter((arg) => arg.startsWith('--watch-path=')).map((arg) => arg.slice('--watch-path='.length));

    for (const app of apps) {
      for (const { containerPath } of byName.get(app)!.ImageTargets![0]!.LiveUpdateSpec.syncs) {
        const chowned = owned.map((p) => path.posix.join('/app', p.replace(/"/g, '').replace('${SERVICE}', app)));
        const watchedPaths = watched.map((p) => path.posix.resolve(`/app/services/${app}`, p));
        expect({ containerPath, owned: chowned.some((p) => containerPath === p || containerPath.startsWith(`${p}/`)) }).toEqual({ containerPath, owned: true });
        expect({ containerPath, watched: watchedPaths.some((p) => containerPath === p || containerPath.startsWith(`${p}/`)) }).toEqual({ containerPath, watched: true });
      }
    }
    expect(stage.filter((line) => line.startsWith('USER ')).at(-1)).toBe('USER node');
  });

  it('when the apps start, then Dapr, its resources and the NetworkPolicies come first, and of the infrastructure exactly what each app connects to', () => {
    const pods = podsOf(objects);
    const uses = [...secretConnections(objects, pods, SECRETS), ...tracingConnections(objects, pods), ...appTracingConnections(objects, pods)];
    for (const app of apps) {
      const connectsTo = [...new Set(uses.filter((c) => c.from.name === app).map((c) => c.to.name))].sort();
      const deps = byName.get(app)!.ResourceDependencies!;

      expect(deps).toEqual(expect.arrayContaining(['dapr-resources', 'network-policies']));
      expect({ app, infra: deps.filter((dep) => INFRA.includes(dep)).sort() }).toEqual({ app, infra: connectsTo });
    }
    expect(byName.get('postgres')!.ResourceDependencies).toEqual(['secrets']);
    expect(byName.get('gateway')!.ResourceDependencies).toContain('ingress-controller');
    expect(byName.get('dapr-resources')!.ResourceDependencies).toEqual(['dapr', 'secrets']);
    expect(byName.get('dapr-resources')!.DeployTarget.PodReadinessMode).toBe('ignore');
    expect(byName.get('network-policies')!.DeployTarget.PodReadinessMode).toBe('ignore');
  });

  it("when the cluster's add-ons are installed, then it is the way of that cluster", () => {
    const dapr = byName.get('dapr')!.DeployTarget.UpdateCmdSpec!.args.join(' ');
    const ingress = byName.get('ingress-controller')!.DeployTarget.UpdateCmdSpec!.args.join(' ');

    if (context === 'kind-dapr-shop') {
      expect(dapr).toMatch(/helm upgrade --install dapr .* --version \d+\.\d+\.\d+ .*helm-values-kind\.yaml/);
      expect(ingress).toMatch(/ingress-nginx/);
    } else {
      expect(dapr).toMatch(/bash scripts\/cluster\/dapr\.sh install$/);
      expect(ingress).toMatch(/bash scripts\/cluster\/ingress\.sh$/);
    }
  });

  it('when the gateway is linked, then the link is the ingress of this cluster; only kind forwards its port (the local cluster runs beside `make up`)', () => {
    const gateway = byName.get('gateway')!.DeployTarget;

    expect(gateway.Links!.map((l) => l.URL.Host)).toEqual([api]);
    expect((gateway.portForwardTemplateSpec?.forwards ?? []).map((f) => f.localPort)).toEqual(context === 'kind-dapr-shop' ? [8080] : []);
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
    ['rabbitmq', ['rabbitmq']],
    ['dapr-resources', ['tracing']],
  ])('when %s is deployed, then its resource holds the generated ConfigMaps it uses: %j', (name, configMaps) => {
    const deployed = parseObjects(byName.get(name)!.DeployTarget.yaml!);

    const generated = deployed.filter((o) => o.kind === 'ConfigMap').map((o) => o.metadata.name.replace(/-[a-z0-9]{10}$/, ''));

    expect(generated.sort()).toEqual(configMaps);
  });

  it('when the resources are deployed, then together they hold every object of the overlay', () => {
    const deployed = manifests.flatMap((m) => (m.DeployTarget.yaml ? parseObjects(m.DeployTarget.yaml) : []));
    const key = (o: { kind: string; metadata: { name: string } }): string => `${o.kind}/${o.metadata.name}`;

    expect(deployed.map(key).sort()).toEqual(objects.map(key).sort());
  });
});

describe('the Tiltfile on another cluster', () => {
  it('when the kube context is none of the platform\'s clusters, then Tilt refuses it and names the two', () => {
    const { status, stderr } = tiltfileResult('production', true);

    expect(status).not.toBe(0);
    expect(stderr).toMatch(/kind-dapr-shop.*dapr-shop-local|dapr-shop-local.*kind-dapr-shop/);
  });

  it('when kind is the context and no Docker engine answers, then Tilt stops with the reason', () => {
    const { status, stderr } = tiltfileResult('kind-dapr-shop', false);

    expect(status).not.toBe(0);
    expect(stderr).toMatch(/kind needs a Docker engine/);
  });
});
