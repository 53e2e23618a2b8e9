import { ConfigError } from '../../src/config';
import { telemetrySettings } from '../../src/telemetry/config';

const defaults = { serviceName: 'order', serviceVersion: '0.1.0' };

describe('tracing configuration', () => {
  it('when no exporter endpoint is set, then tracing is off (unit and component tests run without it)', () => {
    const settings = telemetrySettings({ SERVICE_NAME: 'order' }, defaults);

    expect(settings).toMatchObject({ enabled: false, exporters: [], disabledReason: expect.stringMatching(/no trace exporter/) });
  });

  it('when a Zipkin endpoint is set, then spans go to Zipkin under the app id and the package version', () => {
    const settings = telemetrySettings({ SERVICE_NAME: 'payment', OTEL_EXPORTER_ZIPKIN_ENDPOINT: 'http://127.0.0.1:19411/api/v2/spans' }, defaults);

    expect(settings).toMatchObject({ enabled: true, serviceName: 'payment', serviceVersion: '0.1.0', exporters: [{ kind: 'zipkin', url: 'http://127.0.0.1:19411/api/v2/spans' }] });
  });

  it('when only the OTLP base endpoint is set, then spans go to its /v1/traces; OTEL_SERVICE_NAME and SERVICE_VERSION win', () => {
    const settings = telemetrySettings({ SERVICE_NAME: 'order', OTEL_SERVICE_NAME: 'order-eu', SERVICE_VERSION: '2.0.0', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:19318/' }, defaults);

    expect(settings).toMatchObject({ enabled: true, serviceName: 'order-eu', serviceVersion: '2.0.0', exporters: [{ kind: 'otlp', url: 'http://127.0.0.1:19318/v1/traces' }] });
  });

  it('when OTEL_TRACES_EXPORTER is none or OTEL_SDK_DISABLED is true, then tracing is off even with an endpoint', () => {
    const endpoint = { OTEL_EXPORTER_ZIPKIN_ENDPOINT: 'http://127.0.0.1:19411/api/v2/spans' };

    expect(telemetrySettings({ ...endpoint, OTEL_TRACES_EXPORTER: 'none' }, defaults).enabled).toBe(false);
    expect(telemetrySettings({ ...endpoint, OTEL_SDK_DISABLED: 'true' }, defaults).enabled).toBe(false);
  });

  it('when a variable is malformed or an exporter lacks its endpoint, then one readable error names it', () => {
    expect(() => telemetrySettings({ OTEL_EXPORTER_ZIPKIN_ENDPOINT: 'not a url' }, defaults)).toThrow(/OTEL_EXPORTER_ZIPKIN_ENDPOINT/);
    expect(() => telemetrySettings({ OTEL_TRACES_EXPORTER: 'jaeger-thrift' }, defaults)).toThrow(/unknown exporter "jaeger-thrift"/);
    expect(() => telemetrySettings({ OTEL_TRACES_EXPORTER: 'otlp' }, defaults)).toThrow(ConfigError);
  });
});
