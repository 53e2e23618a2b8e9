import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { DEFAULT_RUN_FILE, LOCAL_INFRASTRUCTURE_PORTS, renderAppConfigurations } from '../../src/platform';
import { readRunFile } from '../../src/run-file';
import { jaegerConfig, LOCAL_TRACING_PORTS, tracingFromEnvironment } from '../../src/tracing';
import { LOCAL_BROKER_PORTS } from '../../src/brokers/broker';

describe('tracing backends', () => {
  it('when TRACING is unset, then Zipkin is chosen; jaeger and none are accepted; anything else is refused with the choices', () => {
    expect(tracingFromEnvironment({})).toBe('zipkin');
    expect(tracingFromEnvironment({ TRACING: 'Jaeger' })).toBe('jaeger');
    expect(tracingFromEnvironment({ TRACING: 'none' })).toBe('none');
    expect(() => tracingFromEnvironment({ TRACING: 'tempo' })).toThrow(/TRACING=tempo .*zipkin, jaeger, none/);
  });

  it('when the sidecars\' Configuration is rendered with a Zipkin endpoint, then every request is sampled and exported there', () => {
    const runtimeDir = mkdtempSync(path.join(os.tmpdir(), 'tracing-config-'));

    const fileOf = renderAppConfigurations(runtimeDir, ['order'], [], 'http://127.0.0.1:19411/api/v2/spans');
    const order = parse(readFileSync(fileOf('order'), 'utf8')) as { spec: { tracing: { samplingRate: string; zipkin: { endpointAddress: string } } } };

    expect(order.spec.tracing).toEqual({ samplingRate: '1', zipkin: { endpointAddress: 'http://127.0.0.1:19411/api/v2/spans' } });
  });

  it('when no backend runs, then the endpoint is empty, which daprd takes as no exporter', () => {
    const runtimeDir = mkdtempSync(path.join(os.tmpdir(), 'tracing-config-'));

    const order = parse(readFileSync(renderAppConfigurations(runtimeDir, ['order'])('order'), 'utf8')) as { spec: { tracing: { zipkin: { endpointAddress: string } } } };

    expect(order.spec.tracing.zipkin.endpointAddress).toBe('');
  });

  it('when the local profile runs, then the tracing ports are below 20000, off the backends\' defaults, and shared with nothing else', () => {
    const tracing = Object.values(LOCAL_TRACING_PORTS);
    const others = [
      LOCAL_INFRASTRUCTURE_PORTS.postgres, LOCAL_INFRASTRUCTURE_PORTS.redis, LOCAL_INFRASTRUCTURE_PORTS.smtpSink, LOCAL_INFRASTRUCTURE_PORTS.smsSink,
      ...Object.values(LOCAL_INFRASTRUCTURE_PORTS.sentry), ...Object.values(LOCAL_INFRASTRUCTURE_PORTS.placement), ...Object.values(LOCAL_INFRASTRUCTURE_PORTS.scheduler),
      ...Object.values(LOCAL_BROKER_PORTS).flatMap((ports) => Object.values(ports)),
      ...readRunFile(DEFAULT_RUN_FILE).apps.flatMap((app) => [app.appPort, app.daprHTTPPort, app.daprGRPCPort, app.daprInternalGRPCPort, app.metricsPort]),
    ];

    expect(LOCAL_INFRASTRUCTURE_PORTS.tracing).toBe(LOCAL_TRACING_PORTS);
    expect(tracing.filter((port) => port >= 20000)).toEqual([]);
    expect(tracing.filter((port) => [9411, 16686, 16685, 4317, 4318, 13133].includes(port))).toEqual([]);
    expect(new Set([...tracing, ...others]).size).toBe(tracing.length + new Set(others).size);
  });

  it('when Jaeger\'s configuration is written, then every listener is on loopback on its own port, with OTLP and Zipkin receivers', () => {
    const config = parse(jaegerConfig(LOCAL_TRACING_PORTS)) as Record<string, any>;
    const endpoints = [
      config.receivers.otlp.protocols.grpc.endpoint, config.receivers.otlp.protocols.http.endpoint, config.receivers.zipkin.endpoint,
      config.extensions.jaeger_query.http.endpoint, config.extensions.jaeger_query.grpc.endpoint, config.extensions.healthcheckv2.http.endpoint,
    ] as string[];

    expect(config.service.pipelines.traces.receivers).toEqual(['otlp', 'zipkin']);
    expect(endpoints.every((endpoint) => endpoint.startsWith('127.0.0.1:'))).toBe(true);
    expect(new Set(endpoints).size).toBe(endpoints.length);
    expect(config.extensions.jaeger_storage.backends.memstore.memory.max_traces).toBeGreaterThan(0);
  });
});
