import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { loadConfig } from '@shop/service-kit';
import { gatewayConfigSchema } from '../../services/gateway/src/config';
import { LOCAL_BRIDGE_ADDRESS } from './support/cluster-peers';
import {
  DEV_OVERLAYS,
  OVERLAYS,
  REPO_ROOT,
  buildBaseWith,
  kustomizeBuild,
  parseObjects,
  profileComponents,
  readYamlFile,
  runFileApps,
  secretTemplates,
  type K8sObject,
} from './support/tools';
import { mountedConfigFile } from './support/mounted-config';

const serviceFolders = readdirSync(path.join(REPO_ROOT, 'services')).sort();
const runFile = runFileApps();
const objectsOf = (overlay: string): K8sObject[] => parseObjects(kustomizeBuild(overlay));
const appDeployments = (objects: K8sObject[]): K8sObject[] =>
  objects.filter((o) => o.kind === 'Deployment' && o.spec.template.metadata.annotations?.['dapr.io/enabled'] === 'true');
const appIdOf = (deployment: K8sObject): string => deployment.spec.template.metadata.annotations['dapr.io/app-id'];
const named = (objects: K8sObject[], kind: string, name: string): K8sObject | undefined =>
  objects.find((o) => o.kind === kind && o.metadata.name === name);

/** Local Dapr resources of components/: the file's object, without comments. */
function localResource(relative: string): K8sObject {
  return YAML.parse(readFileSync(path.join(REPO_ROOT, 'components', relative), 'utf8'));
}

describe.each(OVERLAYS)('cross-references in %s', (overlay) => {
  const objects = objectsOf(overlay);
  const deployments = appDeployments(objects);
  const appIds = deployments.map(appIdOf).sort();

  it('when the app ids are listed, then they are the service folders and the apps of dapr.yaml, with their app ports', () => {
    expect(appIds).toEqual(serviceFolders);
    expect(runFile.map((app) => app.appID).sort()).toEqual(serviceFolders);
    for (const deployment of deployments) {
      const app = runFile.find((candidate) => candidate.appID === appIdOf(deployment))!;
      const annotations = deployment.spec.template.metadata.annotations;
      const container = deployment.spec.template.spec.containers[0];
      expect({ app: app.appID, port: annotations['dapr.io/app-port'], http: container.ports.find((p: any) => p.name === 'http').containerPort })
        .toEqual({ app: app.appID, port: String(app.appPort), http: app.appPort });
      expect(container.env.find((e: any) => e.name === 'APP_PORT').value).toBe(String(app.appPort));
      expect(deployment.metadata.name).toBe(app.appID);
    }
  });

  it('when a Deployment names its Dapr Configuration and ServiceAccount, then both exist', () => {
    for (const deployment of deployments) {
      const annotations = deployment.spec.template.metadata.annotations;
      expect({ app: appIdOf(deployment), config: named(objects, 'Configuration', annotations['dapr.io/config'])?.metadata.name })
        .toEqual({ app: appIdOf(deployment), config: appIdOf(deployment) });
      expect(named(objects, 'ServiceAccount', deployment.spec.template.spec.serviceAccountName)).toBeDefined();
    }
  });

  it('when a component is scoped or an access control policy names a caller, then that app id exists', () => {
    const scoped = objects.filter((o) => o.kind === 'Component' || o.kind === 'Resiliency').flatMap((o) => o.scopes ?? []);
    const callers = objects
      .filter((o) => o.kind === 'Configuration')
      .flatMap((o) => (o.spec.accessControl?.policies ?? []).map((policy: { appId: string }) => policy.appId));

    expect([...scoped, ...callers].filter((id) => !appIds.includes(id))).toEqual([]);
    expect(scoped.length).toBeGreaterThan(10);
    expect(callers.length).toBeGreaterThan(10);
  });

  it("when an app's Configuration is compared with components/config, then its API allowlist and accessControl are the same and tracing and metrics are on", () => {
    const shared = localResource('config/local.yaml');
    for (const appId of appIds) {
      const cluster = named(objects, 'Configuration', appId)!;
      const local = localResource(`config/access-control/${appId}.yaml`);

      expect({ appId, api: cluster.spec.api, accessControl: cluster.spec.accessControl }).toEqual({ appId, api: local.spec.api, accessControl: local.spec.accessControl });
      expect(cluster.spec.api.allowed.length).toBeGreaterThan(0);
      expect(cluster.spec.metric).toEqual(shared.spec.metric);
      expect(cluster.spec.httpPipeline).toEqual(shared.spec.httpPipeline);
      expect(cluster.spec.tracing.zipkin.endpointAddress).toMatch(/^http:\/\/.+\/api\/v2\/spans$/);
    }
  });

  it('when the Resiliency policies are compared with components/local, then they are the same', () => {
    for (const file of ['resiliency-invocation.yaml', 'resiliency-pubsub.yaml']) {
      const local = localResource(`local/${file}`);
      const cluster = named(objects, 'Resiliency', local.metadata.name)!;

      expect({ spec: cluster.spec, scopes: cluster.scopes }).toEqual({ spec: local.spec, scopes: local.scopes });
    }
  });

  it('when the shared components are compared with components/local, then names, types, versions and scopes match', () => {
    for (const file of ['statestore.yaml', 'email.yaml', 'sms.yaml', 'invoke-targets.yaml']) {
      const local = localResource(`local/${file}`);
      const cluster = named(objects, 'Component', local.metadata.name)!;

      expect(describeComponent(cluster)).toEqual(describeComponent(local));
    }
    // The invocation policy is the same text on both: a cluster sidecar refuses what a local one refuses.
    expect(named(objects, 'Component', 'invoke-targets')!.spec.metadata).toEqual(localResource('local/invoke-targets.yaml').spec.metadata);
  });

  it('when the secret store is compared with both local secret profiles, then name and scopes match and it reads Kubernetes secrets', () => {
    const cluster = named(objects, 'Component', 'secretstore')!;
    for (const choice of ['file', 'env']) {
      const local = localResource(`profiles/secrets/${choice}/secretstore.yaml`);

      expect({ name: cluster.metadata.name, scopes: cluster.scopes }).toEqual({ name: local.metadata.name, scopes: local.scopes });
    }
    expect(cluster.spec.type).toBe('secretstores.kubernetes');
  });

  it('when an app subscribes (GET /dapr/subscribe names pubsub), then the pubsub component exists and is scoped to every subscriber', () => {
    const pubsub = named(objects, 'Component', 'pubsub')!;
    const subscriptionScopes = pubsub.spec.metadata.find((m: { name: string }) => m.name === 'subscriptionScopes').value as string;
    const subscribers = subscriptionScopes
      .split(';')
      .map((entry) => entry.split('='))
      .filter(([, topics]) => topics)
      .map(([app]) => app!);

    expect(readFileSync(path.join(REPO_ROOT, 'packages/service-kit/src/dapr/sidecar.ts'), 'utf8')).toContain("PUBSUB_NAME = 'pubsub'");
    expect(subscribers.filter((app) => !pubsub.scopes.includes(app) || !appIds.includes(app))).toEqual([]);
    expect(objects.filter((o) => o.kind === 'Subscription')).toEqual([]);
  });

  it('when a Service selects pods, then it selects exactly one Deployment and its target port is a named container port', () => {
    const workloads = objects.filter((o) => o.kind === 'Deployment' || o.kind === 'StatefulSet');
    for (const service of objects.filter((o) => o.kind === 'Service')) {
      const selected = workloads.filter((w) =>
        Object.entries(service.spec.selector as Record<string, string>).every(([key, value]) => w.spec.template.metadata.labels[key] === value),
      );
      expect({ service: service.metadata.name, selected: selected.length }).toEqual({ service: service.metadata.name, selected: 1 });
      const containerPorts = selected[0]!.spec.template.spec.containers.flatMap((c: any) => c.ports ?? []);
      for (const port of service.spec.ports) {
        expect({ service: service.metadata.name, port: containerPorts.some((p: any) => p.name === port.targetPort) })
          .toEqual({ service: service.metadata.name, port: true });
      }
    }
  });

  it('when the Ingress routes /api, then its backend is the gateway Service on a port it has', () => {
    const ingress = objects.find((o) => o.kind === 'Ingress')!;
    const paths = ingress.spec.rules.flatMap((rule: any) => rule.http.paths);

    expect(paths.map((p: any) => [p.path, p.pathType, p.backend.service.name])).toEqual([['/api', 'Prefix', 'gateway']]);
    const gateway = named(objects, 'Service', 'gateway')!;
    expect(gateway.spec.ports.map((p: any) => p.name)).toContain(paths[0].backend.service.port.name);
  });

  it('when a PodDisruptionBudget or HorizontalPodAutoscaler targets an app, then the Deployment exists; gateway and order autoscale', () => {
    for (const pdb of objects.filter((o) => o.kind === 'PodDisruptionBudget')) {
      expect(deployments.some((d) => d.metadata.name === pdb.spec.selector.matchLabels['app.kubernetes.io/name'])).toBe(true);
    }
    const hpas = objects.filter((o) => o.kind === 'HorizontalPodAutoscaler');
    expect(hpas.map((h) => h.spec.scaleTargetRef.name).sort()).toEqual(['gateway', 'order']);
    expect(objects.filter((o) => o.kind === 'PodDisruptionBudget')).toHaveLength(appIds.length);
  });

  it('when anything references a Secret, then scripts/k8s-secrets.sh creates that Secret with that key', () => {
    const secrets = new Map(secretTemplates().map((s) => [s.metadata.name, Object.keys(s.stringData)]));
    const references = secretReferences(objects);

    const missing = references.filter(({ name, key }) => !secrets.get(name)?.includes(key));
    expect(missing).toEqual([]);
    expect(references.length).toBeGreaterThan(40);
    const tls = objects.filter((o) => o.kind === 'Ingress').flatMap((i) => (i.spec.tls ?? []).map((t: any) => ({ secret: t.secretName, issuer: i.metadata.annotations?.['cert-manager.io/cluster-issuer'] })));
    // TLS certificates are cert-manager's to create.
    expect(tls.filter((t) => !t.issuer)).toEqual([]);
  });

  it('when an app container runs, then it is non-root, read-only, without capabilities, probed and bounded', () => {
    for (const deployment of deployments) {
      const pod = deployment.spec.template.spec;
      const container = pod.containers[0];

      expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
      expect(container.securityContext).toEqual({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
      expect([container.livenessProbe.httpGet.path, container.readinessProbe.httpGet.path]).toEqual(['/healthz', '/readyz']);
      expect(container.resources.limits).toEqual(expect.objectContaining({ cpu: expect.anything(), memory: expect.anything() }));
      expect(container.volumeMounts).toContainEqual({ name: 'tmp', mountPath: '/tmp' });
      expect(container.image).toMatch(new RegExp(`dapr-shop/${appIdOf(deployment)}:`));
      const annotations = deployment.spec.template.metadata.annotations;
      expect(annotations).toMatchObject({
        'dapr.io/app-protocol': 'http',
        'dapr.io/enable-metrics': 'true',
        'dapr.io/log-as-json': 'true',
        'dapr.io/app-token-secret': `${appIdOf(deployment)}-app-token`,
      });
      for (const key of ['cpu-request', 'cpu-limit', 'memory-request', 'memory-limit']) expect(annotations[`dapr.io/sidecar-${key}`]).toBeDefined();
    }
  });

  it("when a third-party image is named, then it has an exact version tag; the platform's own images have a tag", () => {
    const images: string[] = objects
      .filter((o) => o.spec?.template?.spec?.containers)
      .flatMap((o) => o.spec.template.spec.containers.map((c: { image: string }) => c.image));
    const ours = images.filter((image) => image.includes('dapr-shop/'));

    expect(images.filter((image) => !ours.includes(image) && !/:v?\d+(\.\d+)*(-[a-z0-9.]+)?$/.test(image))).toEqual([]);
    expect(ours.filter((image) => !/:[\w.-]+$/.test(image) || image.endsWith(':latest'))).toEqual([]);
  });
});

describe('cluster profiles against components/profiles', () => {
  it.each(['pubsub', 'actor-state'])('when the %s profiles are compared, then every local choice has a cluster Component like it', (kind) => {
    const choices = readdirSync(path.join(REPO_ROOT, 'components/profiles', kind)).sort();

    expect(profileComponents().filter((c) => c.startsWith(`${kind}-`))).toEqual(choices.map((choice) => `${kind}-${choice}`));
    for (const choice of choices) {
      const folder = path.join('profiles', kind, choice);
      const [file] = readdirSync(path.join(REPO_ROOT, 'components', folder));
      const local = localResource(path.join(folder, file!));
      const cluster = parseObjects(buildBaseWith([`${kind}-${choice}`])).find((o) => o.kind === 'Component' && o.metadata.name === local.metadata.name)!;

      expect(describeComponent(cluster)).toEqual(describeComponent(local));
      // Every local setting is there: values without a local placeholder unchanged, placeholders as secretKeyRefs.
      for (const item of local.spec.metadata as { name: string; value: string }[]) {
        const clusterItem = cluster.spec.metadata.find((m: { name: string }) => m.name === item.name);
        if (String(item.value).includes('${') || item.name === 'redisPassword') expect({ [item.name]: clusterItem.secretKeyRef }).toEqual({ [item.name]: expect.objectContaining({ name: expect.any(String), key: expect.any(String) }) });
        else expect({ [item.name]: clusterItem.value }).toEqual({ [item.name]: item.value });
      }
    }
  });
});

describe('the prod overlay', () => {
  const objects = objectsOf('k8s/overlays/prod');

  it('when it is built, then it runs no infrastructure of its own and at least two replicas of every app', () => {
    const workloads = objects.filter((o) => o.kind === 'Deployment' || o.kind === 'StatefulSet');

    expect(workloads.filter((w) => !w.spec.template.metadata.annotations?.['dapr.io/enabled'])).toEqual([]);
    expect(workloads.map((w) => w.spec.replicas).filter((replicas) => replicas < 2)).toEqual([]);
  });

  it('when the managed Kafka is configured, then it authenticates with SASL from the pubsub-kafka Secret', () => {
    const pubsub = named(objects, 'Component', 'pubsub')!;
    const metadata = Object.fromEntries(pubsub.spec.metadata.map((m: any) => [m.name, m.value ?? m.secretKeyRef]));

    expect(pubsub.spec.type).toBe('pubsub.kafka');
    expect(metadata).toMatchObject({
      authType: 'password',
      saslUsername: { name: 'pubsub-kafka', key: 'sasl-username' },
      saslPassword: { name: 'pubsub-kafka', key: 'sasl-password' },
    });
  });
});

describe.each(DEV_OVERLAYS)('alerting in %s', (overlay) => {
  const objects = objectsOf(overlay);

  it("when Prometheus sends alerts, then its one Alertmanager target is the alertmanager Service's http port", () => {
    const prometheus = YAML.parse(mountedConfigFile(objects, 'prometheus'));

    const targets: string[] = prometheus.alerting.alertmanagers.flatMap((am: any) => am.static_configs.flatMap((c: any) => c.targets));

    expect(targets.map((target) => servicePortAt(objects, target))).toEqual(['alertmanager/http']);
  });

  it("when Alertmanager mails an alert, then its smarthost is the mailpit Service's smtp port", () => {
    const alertmanager = YAML.parse(mountedConfigFile(objects, 'alertmanager'));

    const smarthosts: string[] = alertmanager.receivers.flatMap((receiver: any) =>
      (receiver.email_configs ?? []).map((email: any) => email.smarthost ?? alertmanager.global?.smtp_smarthost),
    );

    expect(smarthosts.map((smarthost) => servicePortAt(objects, smarthost))).toEqual(['mailpit/smtp']);
  });
});

describe('the gateway behind ingress-nginx in the kind overlay', () => {
  const gateway = named(objectsOf('k8s/overlays/kind'), 'Deployment', 'gateway')!;

  it("when the gateway's TRUSTED_PROXIES is parsed by its own config, then it is valid and trusts kind-config.yaml's pod subnet", () => {
    const value = gateway.spec.template.spec.containers[0].env.find((e: any) => e.name === 'TRUSTED_PROXIES')?.value;
    const podSubnet: string = readYamlFile('kind-config.yaml').networking.podSubnet;

    const trusted = loadConfig(gatewayConfigSchema, { TRUSTED_PROXIES: value }).TRUSTED_PROXIES;

    expect(trusted.ranges.map(({ network, prefix }) => `${network}/${prefix}`)).toContain(podSubnet);
  });
});

describe('the gateway behind Traefik on the host network in the local overlay', () => {
  const gateway = named(objectsOf('k8s/overlays/local'), 'Deployment', 'gateway')!;

  it("when the gateway's TRUSTED_PROXIES is parsed by its own config, then it trusts the bridge's address alone, no pod's", () => {
    const value = gateway.spec.template.spec.containers[0].env.find((e: any) => e.name === 'TRUSTED_PROXIES')?.value;

    const trusted = loadConfig(gatewayConfigSchema, { TRUSTED_PROXIES: value }).TRUSTED_PROXIES;

    expect(trusted.ranges.map(({ network, prefix }) => `${network}/${prefix}`)).toEqual([`${LOCAL_BRIDGE_ADDRESS}/32`]);
  });
});

/** A Component as the platform's code sees it: the name it asks for, the type behind it, and who may use it. */
function describeComponent(component: K8sObject): object {
  return {
    name: component.metadata.name,
    type: component.spec.type,
    version: component.spec.version,
    scopes: component.scopes,
  };
}

/** Every Secret (name and key) that a manifest refers to: env, Dapr component metadata, sidecar token annotations. */
function secretReferences(objects: K8sObject[]): { from: string; name: string; key: string }[] {
  const references: { from: string; name: string; key: string }[] = [];
  for (const object of objects) {
    const from = `${object.kind}/${object.metadata.name}`;
    const pod = object.spec?.template?.spec;
    for (const container of pod?.containers ?? []) {
      for (const env of container.env ?? []) {
        if (env.valueFrom?.secretKeyRef) references.push({ from, name: env.valueFrom.secretKeyRef.name, key: env.valueFrom.secretKeyRef.key });
      }
    }
    const annotations = object.spec?.template?.metadata?.annotations ?? {};
    for (const annotation of ['dapr.io/app-token-secret', 'dapr.io/api-token-secret']) {
      if (annotations[annotation]) references.push({ from, name: annotations[annotation], key: 'token' });
    }
    if (object.kind === 'Component') {
      for (const item of object.spec.metadata ?? []) {
        if (item.secretKeyRef) references.push({ from, name: item.secretKeyRef.name, key: item.secretKeyRef.key });
      }
    }
    if (object.kind === 'Role') {
      for (const rule of object.rules ?? []) for (const name of rule.resourceNames ?? []) references.push({ from, name, key: name });
    }
  }
  return references;
}


/**
 * The Service port that an in-cluster address (`name[.default[.svc…]]:port`) reaches, as `service/port-name`, or
 * undefined when the overlay has no such Service or port. The overlay deploys everything into `default`.
 */
function servicePortAt(objects: K8sObject[], address: string): string | undefined {
  const [host, port] = address.split(':');
  const [name, namespace = 'default'] = host!.split('.');
  const service = namespace === 'default' ? named(objects, 'Service', name!) : undefined;
  const servicePort = service?.spec.ports.find((p: { port: number }) => p.port === Number(port));
  return servicePort && `${name}/${servicePort.name}`;
}
