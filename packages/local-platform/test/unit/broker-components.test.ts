import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { LOCAL_BROKER_PORTS } from '../../src/brokers/broker';
import { jetStreamStreamName } from '../../src/brokers/jetstream-streams';
import { renderTemplate } from '../../src/components';
import { repoRoot } from '../../src/paths';
import { LOCAL_INFRASTRUCTURE_PORTS } from '../../src/platform';

interface Component {
  metadata: { name: string };
  spec: { type: string; metadata: { name: string; value: string }[] };
  scopes: string[];
}

const variables = { REDIS_HOST: '127.0.0.1', REDIS_PORT: '4', REDIS_PASSWORD: 'p', RABBITMQ_HOST: '127.0.0.1', RABBITMQ_PORT: '1', NATS_HOST: '127.0.0.1', NATS_PORT: '2', KAFKA_HOST: '127.0.0.1', KAFKA_PORT: '3' };
const read = (file: string) => parse(renderTemplate(readFileSync(path.join(repoRoot, file), 'utf8'), variables, file)) as Component;
const setting = (component: Component, name: string) => component.spec.metadata.find((m) => m.name === name)?.value;
const local = read('components/profiles/pubsub/redis/pubsub.yaml');
const brokers = {
  rabbitmq: read('components/profiles/pubsub/rabbitmq/pubsub.yaml'),
  nats: read('components/profiles/pubsub/nats/pubsub.yaml'),
  kafka: read('components/profiles/pubsub/kafka/pubsub.yaml'),
};

describe('broker components', () => {
  it.each(Object.entries(brokers))('when the %s component replaces the local one, then it keeps its name, scopes and topic ownership', (_, component) => {
    expect(component.metadata.name).toBe(local.metadata.name);
    expect(component.scopes).toEqual(local.scopes);
    expect(setting(component, 'publishingScopes')).toBe(setting(local, 'publishingScopes'));
    expect(setting(component, 'subscriptionScopes')).toBe(setting(local, 'subscriptionScopes'));
  });

  it('when the components are rendered, then each names its Dapr type and the broker address it was given', () => {
    expect(brokers.rabbitmq.spec.type).toBe('pubsub.rabbitmq');
    expect(setting(brokers.rabbitmq, 'connectionString')).toBe('amqp://guest:guest@127.0.0.1:1');
    expect(brokers.nats.spec.type).toBe('pubsub.jetstream');
    expect(setting(brokers.nats, 'natsURL')).toBe('nats://127.0.0.1:2');
    expect(brokers.kafka.spec.type).toBe('pubsub.kafka');
    expect(setting(brokers.kafka, 'brokers')).toBe('127.0.0.1:3');
  });

  it('when apps subscribe, then each consumes through a queue, durable consumer or group of its own, shared by its replicas', () => {
    expect(setting(brokers.rabbitmq, 'consumerID')).toBe('{appID}');
    expect(setting(brokers.nats, 'durableName')).toBe('{appID}');
    expect(setting(brokers.nats, 'queueGroupName')).toBe('{appID}');
    expect(setting(brokers.kafka, 'consumerGroup')).toBe('{appID}');
  });

  it('when an app is down, then what is published meanwhile waits for it (durable queues, a stream per topic, oldest offset)', () => {
    expect(setting(brokers.rabbitmq, 'durable')).toBe('true');
    expect(setting(brokers.rabbitmq, 'deletedWhenUnused')).toBe('false');
    expect(setting(brokers.nats, 'streamName')).toBeUndefined();
    expect(setting(brokers.kafka, 'initialOffset')).toBe('oldest');
  });

  it('when a topic gets its JetStream stream, then the stream is named after it with only characters NATS allows', () => {
    expect(jetStreamStreamName('order.confirmed')).toBe('order_confirmed');
    expect(jetStreamStreamName('deadletter')).toBe('deadletter');
  });

  it('when the local profile fixes broker ports, then they lie below 20000 and clash with no other fixed port', () => {
    const brokerPorts = Object.values(LOCAL_BROKER_PORTS).flatMap((ports) => Object.values(ports) as number[]);
    const infrastructure = [LOCAL_INFRASTRUCTURE_PORTS.postgres, LOCAL_INFRASTRUCTURE_PORTS.redis, LOCAL_INFRASTRUCTURE_PORTS.smtpSink, LOCAL_INFRASTRUCTURE_PORTS.smsSink, ...Object.values(LOCAL_INFRASTRUCTURE_PORTS.placement), ...Object.values(LOCAL_INFRASTRUCTURE_PORTS.scheduler)];
    const all = [...brokerPorts, ...infrastructure];

    expect(brokerPorts.filter((port) => port >= 20000)).toEqual([]);
    expect(new Set(all).size).toBe(all.length);
  });
});
