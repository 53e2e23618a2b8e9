import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse, stringify } from 'yaml';

/**
 * Dapr component files cannot read the environment for connection settings, so the profile's files carry
 * `${NAME}` placeholders that are filled in here, per run (fixed ports for `make up`, free ports for tests).
 * An unfilled placeholder is an error, never a silent empty string.
 */
export function renderTemplate(text: string, variables: Record<string, string>, source: string): string {
  return text.replace(/\$\{([A-Z0-9_]+)\}/g, (_, name: string) => {
    const value = variables[name];
    if (value === undefined) throw new Error(`${source}: no value for \${${name}}`);
    return value;
  });
}

/** Renders the YAML files of every source folder into one fresh target folder; two sources may not share a name. */
export function renderDirectories(sourceDirs: string[], targetDir: string, variables: Record<string, string>): void {
  rmSync(targetDir, { recursive: true, force: true });
  mkdirSync(targetDir, { recursive: true });
  const origin = new Map<string, string>();
  for (const sourceDir of sourceDirs) {
    for (const file of readdirSync(sourceDir).filter((f) => f.endsWith('.yaml'))) {
      const source = path.join(sourceDir, file);
      if (origin.has(file)) throw new Error(`${source} and ${origin.get(file)} would both render to ${file}`);
      origin.set(file, source);
      writeFileSync(path.join(targetDir, file), renderTemplate(readFileSync(source, 'utf8'), variables, source));
    }
  }
}

export function renderFile(source: string, target: string, variables: Record<string, string>): void {
  mkdirSync(path.dirname(target), { recursive: true });
  writeFileSync(target, renderTemplate(readFileSync(source, 'utf8'), variables, source));
}

/** Adds app ids to every component's `scopes` (a test's probe app that must reach the broker). */
export function addScopes(componentsDir: string, appIds: string[]): void {
  for (const file of readdirSync(componentsDir).filter((f) => f.endsWith('.yaml'))) {
    const target = path.join(componentsDir, file);
    const text = readFileSync(target, 'utf8');
    if (!/^scopes:\n/m.test(text)) continue;
    writeFileSync(target, text.replace(/^scopes:\n/m, `scopes:\n${appIds.map((id) => `  - ${id}\n`).join('')}`));
  }
}

/** What an app's own file (components/config/access-control/<app>.yaml) adds to the shared Configuration. */
interface AppConfigurationFile {
  metadata?: { name?: string };
  spec?: { accessControl?: unknown; api?: { allowed?: unknown[] } };
}

/**
 * One app's Dapr Configuration: the profile's shared settings (tracing, metrics, name resolution) with the app's own
 * `api` allowlist (the sidecar APIs it calls) and `accessControl` (who may invoke it) from `appFile`. An app's file must
 * have both: without an allowlist every sidecar API would be served, a hole nobody would notice. Without a file (a
 * test's probe) the app may be invoked by nobody and keeps every API (probes publish and invoke as they please).
 */
export function renderAppConfiguration(baseFile: string, appFile: string | undefined, appId: string, target: string, variables: Record<string, string>): void {
  const configuration = parse(renderTemplate(readFileSync(baseFile, 'utf8'), variables, baseFile)) as { metadata: { name: string }; spec: Record<string, unknown> };
  const own: AppConfigurationFile = appFile
    ? (parse(readFileSync(appFile, 'utf8')) as AppConfigurationFile)
    : { metadata: { name: appId }, spec: { accessControl: { defaultAction: 'deny', trustDomain: 'public', policies: [] } } };
  if (own.metadata?.name !== appId || !own.spec?.accessControl) {
    throw new Error(`${appFile}: expected a Configuration named ${appId} with spec.accessControl`);
  }
  if (appFile && !own.spec.api?.allowed?.length) throw new Error(`${appFile}: expected spec.api.allowed, the sidecar APIs ${appId} calls`);
  configuration.metadata.name = appId;
  if (own.spec.api) configuration.spec.api = own.spec.api;
  configuration.spec.accessControl = own.spec.accessControl;
  mkdirSync(path.dirname(target), { recursive: true });
  writeFileSync(target, stringify(configuration));
}
