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
