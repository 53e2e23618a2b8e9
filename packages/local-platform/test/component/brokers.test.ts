import { randomUUID } from 'node:crypto';
import { waitUntil } from '../../src/ports';
import {
  DEAD_LETTER_TOPIC,
  OTHER_APP_ID,
  APP_ID,
  TOPIC,
  describeProcesses,
  startBrokerUnderTest,
  waitUntilSubscribed,
  type BrokerName,
  type BrokerUnderTest,
  type SubscribingApp,
} from './broker-under-test';

/**
 * Each broker of components/profiles/pubsub/* behind real daprd sidecars: the `pubsub` component swapped by YAML alone must
 * deliver every event once to each subscribing app and honour Dapr's dead-letter topic. Slow to start (a JVM, an
 * Erlang VM), so one broker at a time, each within its own bounded budget.
 */
const SETTLE_MS = 1_500;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const routesOf = (id: string, ...instances: SubscribingApp[]) => instances.flatMap((app) => app.deliveries.filter((d) => d.id === id).map((d) => d.route));

describe.each<BrokerName>(['rabbitmq', 'nats', 'kafka'])('pubsub on %s', (name) => {
  let subject: BrokerUnderTest;

  beforeAll(async () => {
    subject = await startBrokerUnderTest(name);
  }, 150_000);

  afterAll(async () => {
    await subject?.stop();
  }, 60_000);

  const arrived = (what: string, check: () => boolean) => waitUntil(what, async () => check(), 30_000, 100).catch((error: Error) => {
    throw new Error(`${error.message}\n${subject.logs()}`);
  });

  test('when an event is published through Dapr, then the subscriber receives it once', async () => {
    const id = `once-${randomUUID()}`;

    await subject.app.publish(id, { note: 'hello' });
    await arrived('the event', () => routesOf(id, subject.app).length > 0);
    await sleep(SETTLE_MS);

    expect(routesOf(id, subject.app)).toEqual([TOPIC]);
  }, 45_000);

  test('when the subscriber answers DROP, then the event lands on the dead-letter topic and the next event is still delivered', async () => {
    const dropped = `dropped-${randomUUID()}`;
    const next = `next-${randomUUID()}`;

    await subject.app.publish(dropped, { drop: true });
    await subject.app.publish(next, {});
    await arrived('the dead letter and the next event', () => routesOf(dropped, subject.app).includes(DEAD_LETTER_TOPIC) && routesOf(next, subject.app).length > 0);
    await sleep(SETTLE_MS);

    expect(routesOf(dropped, subject.app)).toEqual([TOPIC, DEAD_LETTER_TOPIC]);
    expect(routesOf(next, subject.app)).toEqual([TOPIC]);
  }, 45_000);

  test('when another app and a second replica of the first subscribe too, then each app gets every event once', async () => {
    const other = await subject.startApp(OTHER_APP_ID);
    const replica = await subject.startApp(APP_ID);
    await waitUntilSubscribed(other, subject.app);
    const ids = Array.from({ length: 4 }, (_, i) => `shared-${i}-${randomUUID()}`);

    for (const id of ids) await subject.app.publish(id, {});
    await arrived('the events at both apps', () => ids.every((id) => routesOf(id, other).length > 0 && routesOf(id, subject.app, replica).length > 0));
    await sleep(SETTLE_MS);

    for (const id of ids) {
      expect(routesOf(id, other)).toEqual([TOPIC]);
      expect(routesOf(id, subject.app, replica)).toEqual([TOPIC]);
    }
    await Promise.all([other.stop(), replica.stop()]);
  }, 90_000);

  test('when the broker is stopped, then none of its processes (or their children) survives', async () => {
    const running = subject.brokerProcessTree();

    await subject.stopBroker();

    expect(running.length).toBeGreaterThan(0);
    expect(describeProcesses(running)).toEqual([]);
  }, 60_000);
});
