import path from 'node:path';
import type { K8sObject } from './tools';

/**
 * The text of the configuration file a Deployment runs with: the file its `--config.file=` argument names, read from
 * the ConfigMap mounted at that path. Following the argument and the mount, rather than a ConfigMap's name, also
 * proves that the workload reads the file a test checks.
 */
export function mountedConfigFile(objects: K8sObject[], deploymentName: string): string {
  const deployment = objects.find((o) => o.kind === 'Deployment' && o.metadata.name === deploymentName);
  if (!deployment) throw new Error(`the overlay has no Deployment/${deploymentName}`);
  const pod = deployment.spec.template.spec;
  const container = pod.containers[0];
  const file = configFileArgument(container.args ?? [], deploymentName);
  const mount = (container.volumeMounts ?? []).find((m: { mountPath: string }) => file.startsWith(`${m.mountPath}/`));
  const configMapName = (pod.volumes ?? []).find((v: { name: string }) => v.name === mount?.name)?.configMap?.name;
  const configMap = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === configMapName);
  const text = mount && configMap?.data?.[path.posix.relative(mount.mountPath, file)];
  if (typeof text !== 'string') throw new Error(`Deployment/${deploymentName} reads ${file}, which no ConfigMap mounted there holds`);
  return text;
}

function configFileArgument(args: string[], deploymentName: string): string {
  const argument = args.find((arg) => arg.startsWith('--config.file='));
  if (!argument) throw new Error(`Deployment/${deploymentName} has no --config.file= argument`);
  return argument.slice('--config.file='.length);
}
