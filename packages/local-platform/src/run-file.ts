import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

/** One app of a Dapr Multi-App Run file (the fields this platform uses; the dapr CLI reads the same file). */
export interface RunFileApp {
  appID: string;
  appDirPath: string;
  appPort: number;
  daprHTTPPort: number;
  daprGRPCPort: number;
  daprInternalGRPCPort: number;
  metricsPort: number;
  command: string[];
  env: Record<string, string>;
}

export interface RunFile {
  resourcesPath: string;
  logLevel: string;
  apps: RunFileApp[];
}

const asRecord = (value: unknown): Record<string, unknown> => (value && typeof value === 'object' ? (value as Record<string, unknown>) : {});
const stringEnv = (value: unknown): Record<string, string> =>
  Object.fromEntries(Object.entries(asRecord(value)).map(([key, v]) => [key, String(v)]));

export function readRunFile(file: string): RunFile {
  const root = asRecord(parse(readFileSync(file, 'utf8')));
  const common = asRecord(root.common);
  const base = path.dirname(file);
  const apps = (Array.isArray(root.apps) ? root.apps : []).map((raw: unknown): RunFileApp => {
    const app = asRecord(raw);
    const required = (key: string): unknown => {
      if (app[key] === undefined) throw new Error(`${file}: app ${String(app.appID ?? '?')} has no ${key}`);
      return app[key];
    };
    return {
      appID: String(required('appID')),
      appDirPath: path.resolve(base, String(required('appDirPath'))),
      appPort: Number(required('appPort')),
      daprHTTPPort: Number(required('daprHTTPPort')),
      daprGRPCPort: Number(required('daprGRPCPort')),
      daprInternalGRPCPort: Number(required('daprInternalGRPCPort')),
      metricsPort: Number(required('metricsPort')),
      command: (required('command') as unknown[]).map(String),
      env: { ...stringEnv(common.env), ...stringEnv(app.env) },
    };
  });
  if (apps.length === 0) throw new Error(`${file} lists no apps`);
  return {
    resourcesPath: path.resolve(base, String(common.resourcesPath ?? './.runtime/components')),
    logLevel: String(common.daprdLogLevel ?? common.logLevel ?? 'warn'),
    apps,
  };
}

/**
 * Where an app serves /metrics and its full /readyz report: its app port, unless it names an operations port of its
 * own (`OPS_PORT`, the gateway, whose app port is public).
 */
export const operationsPort = (app: RunFileApp): number => (app.env.OPS_PORT ? Number(app.env.OPS_PORT) : app.appPort);
