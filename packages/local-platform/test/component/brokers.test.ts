import { randomUUID } from 'node:crypto';
import { waitUntil } from '../../src/ports';
import { DEAD_LETTER_TOPIC, TOPIC, describeProcesses, startBrokerUnderTest, type BrokerName, type BrokerUnderTest } from './broker-under-test';

/**
 * Each broker of components/brokers/* behind a real daprd: the `pubsub` component swapped by YAML alone must deliver
 * every event once to a subscribing app and honour Dapr's dead-letter topic. Slow to start (a JVM, an Erlang VM), so
 * one broker at a time, each with its own bounded budget.
 */
const SETTLE_MS = 1_500;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.each<BrokerName>(['rabbitmq', 'nats', 'kafka'])('pubsub on %s', (name) => {
  let subject: BrokerUnderTest;

  beforeAll(async () => {
    subject = await startBrokerUnderTest(name);
  }, 150_000);

  afterAll(async () => {
    await subject?.stop();
  }, 60_000);

  const deliveriesOf = (id: string) => subject.deliveries.filter((d) => d.id === id).map((d) => d.route);
  const arrived = (what: string, check: () => boolean) => waitUntil(what, async () => check(), 30_000, 100).catch((error: Error) => {
    throw new Error(`${error.message}\n${subject.logs()}`);
  });

  test('when an event is published through Dapr, then the subscriber receives it once', async () => {
    const id = `once-${randomUUID()}`;

    await subject.publish(id, { note: 'hello' });
    await arrived('the event', () => deliveriesOf(id).length > 0);
    await sleep(SETTLE_MS);

    expect(deliveriesOf(id)).toEqual([TOPIC]);
  }, 45_000);

  test('when the subscriber answers DROP, then the event lands on the dead-letter topic and the next event is still delivered', async () => {
    const dropped = `dropped-${randomUUID()}`;
    const next = `next-${randomUUID()}`;

    await subject.publish(dropped, { drop: true });
    await subject.publish(next, {});
    await arrived('the dead letter and the next event', () => deliveriesOf(dropped).includes(DEAD_LETTER_TOPIC) && deliveriesOf(next).length > 0);
    await sleep(SETTLE_MS);

    expect(deliveriesOf(dropped)).toEqual([TOPIC, DEAD_LETTER_TOPIC]);
    expect(deliveriesOf(next)).toEqual([TOPIC]);
  }, 45_000);

  test('when the broker is stopped, then none of its processes (or their children) survives', async () => {
    const running = subject.brokerProcessTree();

    await subject.stopBroker();

    expect(running.length).toBeGreaterThan(0);
    expect(describeProcesses(running)).toEqual([]);
  }, 60_000);
});
