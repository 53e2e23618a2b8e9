import { telemetrySettings } from '../../packages/service-kit/src/telemetry/config';
import { containerEnvironment, serviceEndpoints } from './support/platform-connections';
import { podsOf } from './support/prometheus-discovery';
import { DEV_OVERLAYS, OVERLAYS, kustomizeBuild, parseObjects, type K8sObject } from './support/tools';

/*
 * A trace on a cluster holds the sidecars' spans (each app's Dapr Configuration) and the apps' own (service-kit's
 * OpenTelemetry SDK, configured by OTEL_* variables as the local runner sets them): both must be sent, and to the same
 * place, or a trace arrives half.
 */

const appDeployments = (objects: K8sObject[]): K8sObject[] =>
  objects.filter((o) => o.kind === 'Deployment' && o.spec.template.metadata.annotations?.['dapr.io/enabled'] === 'true');

describe.each(OVERLAYS)('tracing in %s', (overlay) => {
  const objects = parseObjects(kustomizeBuild(overlay));

  it("when an app starts, then its tracing settings are valid for service-kit and export to its sidecar's Zipkin endpoint", () => {
    for (const deployment of appDeployments(objects)) {
      const app = deployment.metadata.name;
      const env = containerEnvironment(objects, deployment.spec.template.spec.containers[0]);
      const configuration = objects.find((o) => o.kind === 'Configuration' && o.metadata.name === deployment.spec.template.metadata.annotations['dapr.io/config'])!;

      const settings = telemetrySettings(env, { serviceName: app, serviceVersion: 'test' });

      expect({ app, enabled: settings.enabled, exporters: settings.exporters }).toEqual({
        app,
        enabled: true,
        exporters: [{ kind: 'zipkin', url: configuration.spec.tracing.zipkin.endpointAddress }],
      });
      expect({ app, serviceName: settings.serviceName }).toEqual({ app, serviceName: app });
    }
  });

  it('when the sidecars sample a share of the traces, then the apps sample the same share and follow an incoming decision', () => {
    for (const deployment of appDeployments(objects)) {
      const env = containerEnvironment(objects, deployment.spec.template.spec.containers[0]);
      const configuration = objects.find((o) => o.kind === 'Configuration' && o.metadata.name === deployment.spec.template.metadata.annotations['dapr.io/config'])!;
      const rate = Number(configuration.spec.tracing.samplingRate);

      // The SDK's default, without OTEL_TRACES_SAMPLER, is parentbased_always_on: every trace.
      const appRate = env.OTEL_TRACES_SAMPLER === undefined ? 1 : Number(env.OTEL_TRACES_SAMPLER_ARG);

      expect({ app: deployment.metadata.name, sampler: env.OTEL_TRACES_SAMPLER ?? 'parentbased_always_on', rate: appRate }).toEqual({
        app: deployment.metadata.name,
        sampler: rate === 1 ? 'parentbased_always_on' : 'parentbased_traceidratio',
        rate,
      });
    }
  });
});

describe.each(DEV_OVERLAYS)('tracing in the development cluster %s', (overlay) => {
  const objects = parseObjects(kustomizeBuild(overlay));
  const pods = podsOf(objects);

  it("when an app exports its spans, then the address is the in-cluster zipkin Service's http port", () => {
    const endpoints = new Set(appDeployments(objects).map((d) => containerEnvironment(objects, d.spec.template.spec.containers[0]).OTEL_EXPORTER_ZIPKIN_ENDPOINT!));
    const [endpoint] = endpoints;
    const url = new URL(endpoint!);

    const reached = serviceEndpoints(objects, pods, url.hostname.replace(/\.svc\.cluster\.local$/, ''), Number(url.port));

    expect(endpoints.size).toBe(1);
    expect(reached.map(({ pod, port }) => `${pod.name}:${port}`)).toEqual(['zipkin:9411']);
    expect(url.pathname).toBe('/api/v2/spans');
  });
});
