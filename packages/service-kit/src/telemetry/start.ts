import { diag, DiagLogLevel, type DiagLogger } from '@opentelemetry/api';
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { ZipkinExporter } from '@opentelemetry/exporter-zipkin';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { IORedisInstrumentation } from '@opentelemetry/instrumentation-ioredis';
import { KoaInstrumentation, KoaLayerType } from '@opentelemetry/instrumentation-koa';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { BatchSpanProcessor, ConsoleSpanExporter, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';
import { serviceVersion } from '../service-info';
import { markTracingActive, setTelemetryShutdown } from '../trace-context';
import { telemetrySettings, type TelemetrySettings } from './config';

/** Probes and scrapes: answered many times a minute, never part of a user's trace. */
const OPERATIONAL_PATHS = /^\/(healthz|readyz|metrics)(\?|$)|^\/dapr\/(config|subscribe)(\?|$)|^\/v1\.0\/healthz/;

export interface RunningTelemetry {
  settings: TelemetrySettings;
  shutdown: () => Promise<void>;
}

/** A JSON line like the service's own logs, before its logger exists (this runs before any other module loads). */
function say(settings: Pick<TelemetrySettings, 'serviceName' | 'serviceVersion'>, level: number, msg: string, extra: Record<string, unknown> = {}): void {
  process.stdout.write(`${JSON.stringify({ level, time: new Date().toISOString(), pid: process.pid, service: settings.serviceName, version: settings.serviceVersion, ...extra, msg })}\n`);
}

function exporterOf(exporter: TelemetrySettings['exporters'][number], serviceName: string): SpanExporter {
  if (exporter.kind === 'zipkin') return new ZipkinExporter({ url: exporter.url, serviceName });
  if (exporter.kind === 'otlp') return new OTLPTraceExporter({ url: exporter.url });
  return new ConsoleSpanExporter();
}

/**
 * Starts the OpenTelemetry Node SDK: W3C trace context in and out; spans for HTTP (server and node:http clients),
 * fetch (undici, which the sidecar calls use), Koa routes, pg and ioredis; exported to Zipkin and/or OTLP. Must run
 * before koa, pg, ioredis or http are loaded, which is why services import `@shop/service-kit/telemetry` first.
 * Does nothing (and returns a no-op) when no exporter endpoint is configured.
 */
export function startTelemetry(env: NodeJS.ProcessEnv = process.env): RunningTelemetry {
  const settings = telemetrySettings(env, { serviceName: env.SERVICE_NAME ?? 'unknown-service', serviceVersion: serviceVersion(env) });
  if (!settings.enabled) return { settings, shutdown: async () => undefined };

  const errors: DiagLogger = {
    error: (message, ...args) => say(settings, 40, `opentelemetry: ${message}`, args.length ? { details: args.map(String) } : {}),
    warn: () => undefined,
    info: () => undefined,
    debug: () => undefined,
    verbose: () => undefined,
  };
  diag.setLogger(errors, { logLevel: DiagLogLevel.ERROR, suppressOverrideMessage: true });

  const sdk = new NodeSDK({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: settings.serviceName, [ATTR_SERVICE_VERSION]: settings.serviceVersion }),
    autoDetectResources: false,
    textMapPropagator: new CompositePropagator({ propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()] }),
    spanProcessors: settings.exporters.map((exporter) => new BatchSpanProcessor(exporterOf(exporter, settings.serviceName), { scheduledDelayMillis: settings.scheduleDelayMs })),
    // Metrics are prom-client's (/metrics) and logs pino's: the SDK must not start OTLP exporters for either.
    metricReaders: [],
    logRecordProcessors: [],
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (request) => OPERATIONAL_PATHS.test(request.url ?? ''),
        // Outgoing node:http calls (the Dapr SDK's state and secret calls) only as part of a trace.
        requireParentforOutgoingSpans: true,
        requestHook: (span, request) => {
          // An outgoing request is named by method and path, not by its method alone.
          if ('path' in request && typeof request.path === 'string') span.updateName(`${request.method} ${request.path.split('?')[0]}`);
        },
      }),
      new UndiciInstrumentation({
        requireParentforSpans: true,
        // "POST /v1.0/invoke/order/method/orders" says more than undici's bare "POST".
        requestHook: (span, request) => span.updateName(`${request.method} ${request.path.split('?')[0]}`),
      }),
      // Route spans only: one span per middleware layer would bury the interesting ones.
      new KoaInstrumentation({ ignoreLayersType: [KoaLayerType.MIDDLEWARE] }),
      new PgInstrumentation({ requireParentSpan: true }),
      new IORedisInstrumentation({ requireParentSpan: true }),
    ],
  });
  sdk.start();
  markTracingActive();
  let stopped: Promise<void> | undefined;
  const shutdown = () => (stopped ??= sdk.shutdown().catch(() => undefined));
  setTelemetryShutdown(shutdown);
  say(settings, 30, 'tracing on', { exporters: settings.exporters.map((e) => ('url' in e ? `${e.kind} ${e.url}` : e.kind)) });
  return { settings, shutdown };
}
