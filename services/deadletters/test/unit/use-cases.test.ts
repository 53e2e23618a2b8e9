import { randomUUID } from 'node:crypto';
import { discardDeadLetter } from '../../src/domain/discard-dead-letter';
import { deadLetterById } from '../../src/domain/find-dead-letter';
import { deadLetterSearchSchema, listDeadLetters } from '../../src/domain/list-dead-letters';
import { receiveDeadLetter } from '../../src/domain/receive-dead-letter';
import { replayDeadLetter } from '../../src/domain/replay-dead-letter';
import { InMemoryDeadLetters, silentLog } from './fake-ports';

const PLATFORM_TOPICS = new Set(['order.confirmed', 'user.registered']);

function anOffice(start = new Date('2026-11-24T10:00:00Z')) {
  const store = new InMemoryDeadLetters();
  let now = start;
  const deps = {
    deadLetters: store,
    inTransaction: store.inTransaction,
    clock: () => now,
    newId: randomUUID,
    isReplayableTopic: (topic: string) => PLATFORM_TOPICS.has(topic),
    log: silentLog,
  };
  return { store, deps, later: (seconds: number) => (now = new Date(now.getTime() + seconds * 1_000)) };
}

const aPoisonEvent = (fields: Record<string, unknown> = {}) => ({
  specversion: '1.0',
  id: randomUUID(),
  type: 'order.confirmed',
  source: 'order',
  topic: 'order.confirmed',
  pubsubname: 'pubsub',
  data: { orderId: 'not-a-uuid' },
  ...fields,
});

describe('receiving a dead letter', () => {
  test('when an event arrives for the first time, then it is stored pending, received once', async () => {
    const { store, deps } = anOffice();
    const event = aPoisonEvent();

    const stored = await receiveDeadLetter(event, deps);

    expect(stored).toMatchObject({ eventId: event.id, topic: 'order.confirmed', status: 'pending', timesReceived: 1, replayCount: 0, envelope: event });
    expect(store.rows.size).toBe(1);
  });

  test('when the same event arrives again, then the one record counts two receipts and keeps its first time', async () => {
    const { store, deps, later } = anOffice();
    const event = aPoisonEvent();
    const first = await receiveDeadLetter(event, deps);
    later(5);

    const second = await receiveDeadLetter(event, deps);

    expect(store.rows.size).toBe(1);
    expect(second).toMatchObject({ id: first.id, timesReceived: 2, firstReceivedAt: first.firstReceivedAt });
    expect(second.lastReceivedAt.getTime()).toBe(first.firstReceivedAt.getTime() + 5_000);
  });

  test('when the same event id arrives from another topic, then it is a record of its own', async () => {
    const { store, deps } = anOffice();
    const event = aPoisonEvent();

    await receiveDeadLetter(event, deps);
    await receiveDeadLetter({ ...event, topic: 'user.registered' }, deps);

    expect(store.rows.size).toBe(2);
  });

  test('when a replayed event comes back, then it is pending again; a discarded one stays discarded', async () => {
    const { deps } = anOffice();
    const replayedOne = await receiveDeadLetter(aPoisonEvent(), deps);
    const discardedOne = await receiveDeadLetter(aPoisonEvent(), deps);
    await replayDeadLetter(replayedOne.id, deps);
    await discardDeadLetter(discardedOne.id, deps);

    const back = await receiveDeadLetter(replayedOne.envelope, deps);
    const stillDiscarded = await receiveDeadLetter(discardedOne.envelope, deps);

    expect(back).toMatchObject({ status: 'pending', timesReceived: 2, replayCount: 1 });
    expect(stillDiscarded).toMatchObject({ status: 'discarded', timesReceived: 2 });
  });
});

describe('replaying a dead letter', () => {
  test('when a pending event is replayed, then it is marked replayed and its original envelope goes to its original topic', async () => {
    const { store, deps } = anOffice();
    const event = aPoisonEvent();
    const stored = await receiveDeadLetter(event, deps);

    const replayed = await replayDeadLetter(stored.id, deps);

    expect(replayed).toMatchObject({ id: stored.id, status: 'replayed', replayCount: 1, replayedAt: deps.clock().toISOString(), event });
    expect(store.outbox).toEqual([{ topic: 'order.confirmed', envelope: event }]);
  });

  test('when an event is replayed twice, then both replays are published and counted', async () => {
    const { store, deps } = anOffice();
    const stored = await receiveDeadLetter(aPoisonEvent(), deps);

    await replayDeadLetter(stored.id, deps);
    const again = await replayDeadLetter(stored.id, deps);

    expect(again).toMatchObject({ status: 'replayed', replayCount: 2 });
    expect(store.outbox).toHaveLength(2);
  });

  test('when a discarded event is replayed, then 409 and nothing is published', async () => {
    const { store, deps } = anOffice();
    const stored = await receiveDeadLetter(aPoisonEvent(), deps);
    await discardDeadLetter(stored.id, deps);

    await expect(replayDeadLetter(stored.id, deps)).rejects.toMatchObject({ status: 409, type: 'https://shop.local/problems/conflict' });
    expect(store.outbox).toEqual([]);
    expect(store.rows.get(stored.id)).toMatchObject({ status: 'discarded', replayCount: 0 });
  });

  test('when the event was published to a topic the platform does not have, then 422 and nothing is published', async () => {
    const { store, deps } = anOffice();
    const stored = await receiveDeadLetter(aPoisonEvent({ topic: 'made.up' }), deps);

    await expect(replayDeadLetter(stored.id, deps)).rejects.toMatchObject({ status: 422 });
    expect(store.outbox).toEqual([]);
  });

  test('when the dead letter does not exist or the id is not a uuid, then 404', async () => {
    const { deps } = anOffice();

    await expect(replayDeadLetter(randomUUID(), deps)).rejects.toMatchObject({ status: 404 });
    await expect(replayDeadLetter('42', deps)).rejects.toMatchObject({ status: 404 });
  });
});

describe('discarding a dead letter', () => {
  test('when a pending event is discarded, then it is discarded with the time; discarding it again → 409', async () => {
    const { deps } = anOffice();
    const stored = await receiveDeadLetter(aPoisonEvent(), deps);

    const discarded = await discardDeadLetter(stored.id, deps);

    expect(discarded).toMatchObject({ status: 'discarded', discardedAt: deps.clock().toISOString() });
    await expect(discardDeadLetter(stored.id, deps)).rejects.toMatchObject({ status: 409 });
  });

  test('when a replayed event is discarded, then it is discarded and keeps its replay count', async () => {
    const { deps } = anOffice();
    const stored = await receiveDeadLetter(aPoisonEvent(), deps);
    await replayDeadLetter(stored.id, deps);

    const discarded = await discardDeadLetter(stored.id, deps);

    expect(discarded).toMatchObject({ status: 'discarded', replayCount: 1 });
  });
});

describe('reading dead letters', () => {
  test('when dead letters are listed, then newest arrival first, filtered by status and topic, paged with the total', async () => {
    const { deps, later } = anOffice();
    const oldest = await receiveDeadLetter(aPoisonEvent(), deps);
    later(1);
    const middle = await receiveDeadLetter(aPoisonEvent({ type: 'user.registered', topic: 'user.registered' }), deps);
    later(1);
    const newest = await receiveDeadLetter(aPoisonEvent(), deps);
    await discardDeadLetter(middle.id, deps);

    const all = await listDeadLetters(deadLetterSearchSchema.parse({}), deps);
    const secondPage = await listDeadLetters(deadLetterSearchSchema.parse({ page: '2', pageSize: '1' }), deps);
    const pending = await listDeadLetters(deadLetterSearchSchema.parse({ status: 'pending' }), deps);
    const ofTopic = await listDeadLetters(deadLetterSearchSchema.parse({ topic: 'user.registered' }), deps);

    expect(all.items.map((item) => item.id)).toEqual([newest.id, middle.id, oldest.id]);
    expect(all).toMatchObject({ page: 1, pageSize: 20, total: 3 });
    expect(all.items[0]).not.toHaveProperty('event');
    expect(secondPage).toMatchObject({ items: [expect.objectContaining({ id: middle.id })], page: 2, pageSize: 1, total: 3 });
    expect(pending.items.map((item) => item.id)).toEqual([newest.id, oldest.id]);
    expect(ofTopic.items.map((item) => item.id)).toEqual([middle.id]);
  });

  test('when the query asks for an unknown status or a page size over 100, then it is refused', () => {
    expect(() => deadLetterSearchSchema.parse({ status: 'lost' })).toThrow();
    expect(() => deadLetterSearchSchema.parse({ pageSize: '101' })).toThrow();
  });

  test('when one dead letter is read, then it shows the full original envelope; an unknown id is not found', async () => {
    const { deps } = anOffice();
    const event = aPoisonEvent();
    const stored = await receiveDeadLetter(event, deps);

    const view = await deadLetterById(stored.id, deps);

    expect(view).toMatchObject({ id: stored.id, eventId: event.id, topic: 'order.confirmed', type: 'order.confirmed', source: 'order', status: 'pending', event });
    await expect(deadLetterById(randomUUID(), deps)).rejects.toMatchObject({ status: 404 });
  });
});
