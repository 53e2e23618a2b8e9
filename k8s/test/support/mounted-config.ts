import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { K8sObject } from './tools';

/**
 * The text of the configuration file a Deployment runs with: the file its `--config.file=` argument names, read from
 * the ConfigMap mounted at that path. Following the argument and the mount, rather than a ConfigMap's name, also
 * proves that the workload reads the file a test checks.
 */
export function mountedConfigFile(objects: K8sObject[], deploymentName: string): string {
  const file = configFilePath(objects, deploymentName);
  const text = mountedConfigMapFiles(objects, deploymentName).get(file);
  if (text === undefined) throw notMounted(deploymentName, file);
  return text;
}

/**
 * Writes the folder of a Deployment's configuration file into `dir` as its container sees it (the configuration file
 * and every ConfigMap file mounted beside it or below), so that files it names by relative paths are found; returns
 * the configuration file's path in `dir`.
 */
export function writeMountedConfigFolder(objects: K8sObject[], deploymentName: string, dir: string): string {
  const configFile = configFilePath(objects, deploymentName);
  const folder = path.posix.dirname(configFile);
  const copyOf = (file: string): string => path.join(dir, path.posix.relative(folder, file));
  for (const [file, text] of mountedConfigMapFiles(objects, deploymentName)) {
    if (!file.startsWith(`${folder}/`)) continue;
    mkdirSync(path.dirname(copyOf(file)), { recursive: true });
    writeFileSync(copyOf(file), text);
  }
  if (!existsSync(copyOf(configFile))) throw notMounted(deploymentName, configFile);
  return copyOf(configFile);
}

/**
 * Every file a Deployment's first container reads from ConfigMaps, by its path in the container: the keys of each
 * ConfigMap volume, and of each ConfigMap of a projected volume, under the volume's mount path (whole ConfigMaps:
 * `items` and `subPath` are not used by the overlays).
 */
export function mountedConfigMapFiles(objects: K8sObject[], deploymentName: string): Map<string, string> {
  const pod = deploymentNamed(objects, deploymentName).spec.template.spec;
  const files = new Map<string, string>();
  for (const mount of pod.containers[0].volumeMounts ?? []) {
    const volume = (pod.volumes ?? []).find((v: { name: string }) => v.name === mount.name);
    for (const name of configMapsOf(volume)) {
      const configMap = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === name);
      if (!configMap) throw new Error(`Deployment/${deploymentName} mounts ConfigMap/${name}, which the overlay does not have`);
      for (const [key, text] of Object.entries<string>(configMap.data ?? {})) files.set(path.posix.join(mount.mountPath, key), text);
    }
  }
  return files;
}

/** The path a Deployment's `--config.file=` argument names. */
export function configFilePath(objects: K8sObject[], deploymentName: string): string {
  const args: string[] = deploymentNamed(objects, deploymentName).spec.template.spec.containers[0].args ?? [];
  const argument = args.find((arg) => arg.startsWith('--config.file='));
  if (!argument) throw new Error(`Deployment/${deploymentName} has no --config.file= argument`);
  return argument.slice('--config.file='.length);
}

function deploymentNamed(objects: K8sObject[], deploymentName: string): K8sObject {
  const deployment = objects.find((o) => o.kind === 'Deployment' && o.metadata.name === deploymentName);
  if (!deployment) throw new Error(`the overlay has no Deployment/${deploymentName}`);
  return deployment;
}

/** The ConfigMaps a volume holds: its own, or those a projected volume gathers. */
function configMapsOf(volume: { configMap?: { name: string }; projected?: { sources: { configMap?: { name: string } }[] } } | undefined): string[] {
  if (volume?.configMap) return [volume.configMap.name];
  return (volume?.projected?.sources ?? []).flatMap((source) => (source.configMap ? [source.configMap.name] : []));
}

const notMounted = (deploymentName: string, file: string): Error =>
  new Error(`Deployment/${deploymentName} reads ${file}, which no ConfigMap mounted there holds`);
