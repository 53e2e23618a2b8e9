import { z } from 'zod';
import { ConfigError } from '../config';

const TRACES_EXPORTERS = ['zipkin', 'otlp', 'console', 'none'] as const;
export type TracesExporter = (typeof TRACES_EXPORTERS)[number];

const optionalUrl = z.preprocess((value) => (typeof value === 'string' && value.trim() === '' ? undefined : value), z.url().optional());
const flag = z.preprocess((value) => (typeof value === 'string' ? value.trim().toLowerCase() : value), z.enum(['true', 'false', '1', '0', '']).optional()).transform((value) => value === 'true' || value === '1');

/**
 * Tracing settings, from the standard OpenTelemetry variables where one exists:
 * - `OTEL_TRACES_EXPORTER`: `zipkin`, `otlp`, `console` or `none`, comma-separated; by default whichever endpoint is set;
 * - `OTEL_EXPORTER_ZIPKIN_ENDPOINT` (e.g. `http://127.0.0.1:19411/api/v2/spans`);
 * - `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`, else `OTEL_EXPORTER_OTLP_ENDPOINT` + `/v1/traces` (OTLP over HTTP);
 * - `OTEL_SERVICE_NAME` (default: `SERVICE_NAME`, the Dapr app id), `SERVICE_VERSION` (default: the package's version);
 * - `OTEL_SDK_DISABLED=true` turns it off; `OTEL_BSP_SCHEDULE_DELAY` is how often spans are sent (ms).
 * Tracing is off when no exporter has an endpoint: unit and component tests run without it.
 */
export const telemetryConfigSchema = z.object({
  OTEL_SDK_DISABLED: flag,
  OTEL_TRACES_EXPORTER: z
    .string()
    .optional()
    .transform((value, ctx) => {
      const names = (value ?? '').split(',').map((name) => name.trim().toLowerCase()).filter(Boolean);
      for (const name of names) {
        if (!(TRACES_EXPORTERS as readonly string[]).includes(name)) ctx.addIssue({ code: 'custom', message: `unknown exporter "${name}" (choose from ${TRACES_EXPORTERS.join(', ')})` });
      }
      return names as TracesExporter[];
    }),
  OTEL_EXPORTER_ZIPKIN_ENDPOINT: optionalUrl,
  OTEL_EXPORTER_OTLP_ENDPOINT: optionalUrl,
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: optionalUrl,
  OTEL_SERVICE_NAME: z.string().min(1).optional(),
  SERVICE_NAME: z.string().min(1).optional(),
  SERVICE_VERSION: z.string().min(1).optional(),
  OTEL_BSP_SCHEDULE_DELAY: z.coerce.number().int().min(10).max(60_000).default(1_000),
});

export interface TelemetrySettings {
  enabled: boolean;
  serviceName: string;
  serviceVersion: string;
  /** One entry per exporter spans go to. */
  exporters: ({ kind: 'zipkin' | 'otlp'; url: string } | { kind: 'console' })[];
  scheduleDelayMs: number;
  /** Why tracing is off, for the start-up log line. */
  disabledReason?: string;
}

/** Parses the tracing variables (a bad one throws a ConfigError naming it) and decides which exporters run. */
export function telemetrySettings(env: NodeJS.ProcessEnv, defaults: { serviceName: string; serviceVersion: string }): TelemetrySettings {
  const parsed = telemetryConfigSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  - ${issue.path.join('.') || '(root)'}: ${issue.message}`);
    throw new ConfigError(`invalid tracing configuration:\n${lines.join('\n')}`);
  }
  const config = parsed.data;
  const serviceName = config.OTEL_SERVICE_NAME ?? config.SERVICE_NAME ?? defaults.serviceName;
  const serviceVersion = config.SERVICE_VERSION ?? defaults.serviceVersion;
  const base = { serviceName, serviceVersion, scheduleDelayMs: config.OTEL_BSP_SCHEDULE_DELAY };
  const otlpUrl = config.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ?? (config.OTEL_EXPORTER_OTLP_ENDPOINT ? `${config.OTEL_EXPORTER_OTLP_ENDPOINT.replace(/\/+$/, '')}/v1/traces` : undefined);
  if (config.OTEL_SDK_DISABLED) return { ...base, enabled: false, exporters: [], disabledReason: 'OTEL_SDK_DISABLED is set' };
  const wanted: TracesExporter[] = config.OTEL_TRACES_EXPORTER.length
    ? config.OTEL_TRACES_EXPORTER
    : [...(config.OTEL_EXPORTER_ZIPKIN_ENDPOINT ? (['zipkin'] as const) : []), ...(otlpUrl ? (['otlp'] as const) : [])];
  if (wanted.includes('none') || wanted.length === 0) return { ...base, enabled: false, exporters: [], disabledReason: 'no trace exporter endpoint is configured' };
  const exporters: TelemetrySettings['exporters'] = [];
  for (const kind of wanted) {
    if (kind === 'zipkin') {
      if (!config.OTEL_EXPORTER_ZIPKIN_ENDPOINT) throw new ConfigError('invalid tracing configuration:\n  - OTEL_EXPORTER_ZIPKIN_ENDPOINT: required when OTEL_TRACES_EXPORTER names zipkin');
      exporters.push({ kind, url: config.OTEL_EXPORTER_ZIPKIN_ENDPOINT });
    } else if (kind === 'otlp') {
      if (!otlpUrl) throw new ConfigError('invalid tracing configuration:\n  - OTEL_EXPORTER_OTLP_ENDPOINT: required when OTEL_TRACES_EXPORTER names otlp');
      exporters.push({ kind, url: otlpUrl });
    } else if (kind === 'console') {
      exporters.push({ kind });
    }
  }
  return { ...base, enabled: true, exporters };
}
