import { kustomizeBuild, parseObjects, type K8sObject } from './support/tools';

/*
 * The project's own one-node cluster (k8s/overlays/local) runs the platform kind runs (k8s/overlays/kind): both take
 * it from k8s/overlays/dev-cluster, and differ only in what their clusters bring.
 */
const REGISTRY = '127.0.0.1:5001/dapr-shop/';
const local = parseObjects(kustomizeBuild('k8s/overlays/local'));
const kind = parseObjects(kustomizeBuild('k8s/overlays/kind'));

const images = (objects: K8sObject[]): string[] =>
  objects.filter((o) => o.spec?.template?.spec).flatMap((o) => [...o.spec.template.spec.containers, ...(o.spec.template.spec.initContainers ?? [])].map((c: { image: string }) => c.image));

/**
 * An overlay's objects without what may differ between the two clusters: image references, the Ingress's class and
 * its controller's annotations, the gateway's trusted proxy addresses and its NetworkPolicy peer (the ingress
 * controller), and where Postgres and RabbitMQ keep their data.
 */
function withoutClusterSpecifics(objects: K8sObject[]): K8sObject[] {
  return structuredClone(objects).map((o) => {
    const pod = o.spec?.template?.spec;
    for (const container of pod?.containers ?? []) {
      // The local registry's image of a third-party program may have a name of its own (http-echo).
      container.image = '<image>';
      container.env = (container.env ?? []).filter((e: { name: string }) => !(o.metadata.name === 'gateway' && e.name === 'TRUSTED_PROXIES'));
    }
    if (o.kind === 'StatefulSet') {
      delete o.spec.volumeClaimTemplates;
      pod.volumes = (pod.volumes ?? []).filter((v: { name: string }) => v.name !== 'data');
    }
    if (o.kind === 'Ingress') {
      delete o.spec.ingressClassName;
      delete o.metadata.annotations;
    }
    if (o.kind === 'NetworkPolicy' && o.metadata.name === 'gateway-from-ingress-controller') delete o.spec.ingress[0].from;
    return o;
  });
}

const byKey = (objects: K8sObject[]): Record<string, K8sObject> => Object.fromEntries(objects.map((o) => [`${o.kind}/${o.metadata.name}`, o]));

describe('the local overlay', () => {
  it("when its images are listed, then every one is the project's registry's (nothing from Docker Hub or quay.io), with a tag", () => {
    expect(images(local).filter((image) => !image.startsWith(REGISTRY) || !/:[\w.-]+$/.test(image.slice(REGISTRY.length)))).toEqual([]);
    expect(new Set(images(local)).size).toBeGreaterThanOrEqual(19);
  });

  it('when compared with the kind overlay, then the only differences are images, ingress class, trusted proxy, controller peer and storage', () => {
    expect(byKey(withoutClusterSpecifics(local))).toEqual(byKey(withoutClusterSpecifics(kind)));
  });

  it('when the Ingress is read, then it is served by Traefik on any host, so http://127.0.0.1:8088/api/... reaches it', () => {
    const ingresses = local.filter((o) => o.kind === 'Ingress');

    expect(ingresses.map((i) => i.spec.ingressClassName)).toEqual(['traefik']);
    expect(ingresses[0]!.spec.rules.map((rule: { host?: string }) => rule.host)).toEqual([undefined]);
  });

  it('when Postgres and RabbitMQ keep data, then it is in an emptyDir (no StorageClass is promised), and kind claims volumes', () => {
    for (const name of ['postgres', 'rabbitmq']) {
      const [here, there] = [local, kind].map((objects) => objects.find((o) => o.kind === 'StatefulSet' && o.metadata.name === name)!);

      expect({ name, claims: here!.spec.volumeClaimTemplates, data: here!.spec.template.spec.volumes.find((v: { name: string }) => v.name === 'data') })
        .toEqual({ name, claims: undefined, data: { name: 'data', emptyDir: {} } });
      expect(there!.spec.volumeClaimTemplates.map((c: { metadata: { name: string } }) => c.metadata.name)).toEqual(['data']);
    }
  });
});
