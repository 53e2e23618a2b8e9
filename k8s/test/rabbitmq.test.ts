import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DEV_OVERLAYS, REPO_ROOT, kustomizeBuild, parseObjects, type K8sObject } from './support/tools';

/*
 * The development clusters' RabbitMQ runs with the settings the local broker has (packages/local-platform, the broker
 * `make up` starts): a delivery a consumer holds too long is requeued, so that an orphaned consumer of a reconnected
 * sidecar cannot keep events from the live one.
 */

/** The values the local runner writes into its rabbitmq.conf and advanced.config, read from its source. */
function localBrokerSettings(): { consumerTimeout: string; channelTickInterval: string } {
  const source = readFileSync(path.join(REPO_ROOT, 'packages/local-platform/src/brokers/rabbitmq.ts'), 'utf8');
  const consumerTimeout = /'consumer_timeout = (\d+)'/.exec(source)?.[1];
  const channelTickInterval = /\{channel_tick_interval, (\d+)\}/.exec(source)?.[1];
  if (!consumerTimeout || !channelTickInterval) throw new Error('the local broker no longer sets consumer_timeout and channel_tick_interval where this test reads them');
  return { consumerTimeout, channelTickInterval };
}

/** The text of a file the StatefulSet's container reads, found through the environment variable that names it. */
function fileNamedBy(objects: K8sObject[], statefulSet: K8sObject, variable: string): string {
  const pod = statefulSet.spec.template.spec;
  const container = pod.containers[0];
  const file: string | undefined = container.env.find((e: { name: string }) => e.name === variable)?.value;
  if (!file) throw new Error(`${variable} is not set`);
  const mount = container.volumeMounts.find((m: { mountPath: string }) => path.posix.dirname(file) === m.mountPath);
  const volume = mount && pod.volumes.find((v: { name: string }) => v.name === mount.name);
  const configMap = volume?.configMap && objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === volume.configMap.name);
  const text = configMap?.data?.[path.posix.basename(file)];
  if (text === undefined) throw new Error(`${variable}=${file} is not a file of a mounted ConfigMap`);
  return text;
}

describe.each(DEV_OVERLAYS)('RabbitMQ in %s', (overlay) => {
  const objects = parseObjects(kustomizeBuild(overlay));
  const rabbitmq = objects.find((o) => o.kind === 'StatefulSet' && o.metadata.name === 'rabbitmq')!;
  const local = localBrokerSettings();

  it('when a consumer holds a delivery, then the broker requeues it after the local broker\'s consumer_timeout', () => {
    const conf = fileNamedBy(objects, rabbitmq, 'RABBITMQ_CONFIG_FILE');

    const settings = conf.split('\n').filter((line) => line.trim() && !line.startsWith('#'));

    expect(settings).toEqual([`consumer_timeout = ${local.consumerTimeout}`]);
  });

  it('when the broker checks for held deliveries, then it does so as often as the local broker', () => {
    const advanced = fileNamedBy(objects, rabbitmq, 'RABBITMQ_ADVANCED_CONFIG_FILE');

    expect(advanced.split('\n').filter((line) => line.trim() && !line.startsWith('%'))).toEqual([`[{rabbit, [{channel_tick_interval, ${local.channelTickInterval}}]}].`]);
  });
});
