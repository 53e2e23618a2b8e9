import type { Pod } from './prometheus-discovery';

/*
 * Pods of the cluster that the overlays do not build but that the platform meets: Dapr's control plane and the
 * ingress controller, as their own manifests label them.
 */

/**
 * Dapr's control plane as its Helm chart (Dapr 1.18, charts/dapr/charts/*) runs it in dapr-system: each pod's `app`
 * label, its `metrics` port (the chart's global.prometheus.port) and one of its other ports.
 */
export const CONTROL_PLANE: Pod[] = (
  [
    ['dapr-sentry', 50001],
    ['dapr-placement-server', 50005],
    ['dapr-scheduler-server', 50006],
    ['dapr-operator', 6500],
    ['dapr-sidecar-injector', 4000],
  ] as const
).map(([app, apiPort]) => ({
  namespace: 'dapr-system',
  name: app,
  labels: { app },
  annotations: { 'prometheus.io/scrape': 'true', 'prometheus.io/port': '9090', 'prometheus.io/path': '/' },
  containers: [{ name: app, ports: [{ containerPort: apiPort }, { name: 'metrics', containerPort: 9090 }] }],
}));

/**
 * ingress-nginx's controller as its manifest for kind (scripts/versions.env's INGRESS_NGINX_VERSION, applied by
 * scripts/kind-up.sh and the Tiltfile) and its Helm chart run it: in the namespace ingress-nginx, with the chart's labels.
 */
export const INGRESS_CONTROLLER: Pod = {
  namespace: 'ingress-nginx',
  name: 'ingress-nginx-controller',
  labels: {
    'app.kubernetes.io/name': 'ingress-nginx',
    'app.kubernetes.io/instance': 'ingress-nginx',
    'app.kubernetes.io/component': 'controller',
    'app.kubernetes.io/part-of': 'ingress-nginx',
  },
  annotations: {},
  containers: [{ name: 'controller', ports: [{ name: 'http', containerPort: 80 }, { name: 'https', containerPort: 443 }] }],
};

/**
 * The project's own cluster's node address, which is its bridge's (shopcni0, scripts/cluster/up.sh): the first of the
 * pod CIDR 10.244.0.0/24 and the pods' gateway. What a host-network process's connections to a pod come from.
 */
export const LOCAL_BRIDGE_ADDRESS = '10.244.0.1';

/**
 * Traefik on the project's own cluster (scripts/cluster/ingress.sh, k8s/ingress/: namespace `ingress`), on the host's
 * network with its entry point on 127.0.0.1:8088; its connections to the gateway come from the bridge's address,
 * whatever its pod's labels.
 */
export const TRAEFIK_ON_HOST: Pod = {
  namespace: 'ingress',
  name: 'traefik',
  address: LOCAL_BRIDGE_ADDRESS,
  labels: { 'app.kubernetes.io/name': 'traefik' },
  annotations: {},
  containers: [{ name: 'traefik', ports: [{ name: 'web', containerPort: 8088 }] }],
};

/** The ingress controller an overlay's Ingress is served by. */
export function ingressControllerOf(overlay: string): Pod {
  return overlay.endsWith('/local') ? TRAEFIK_ON_HOST : INGRESS_CONTROLLER;
}
