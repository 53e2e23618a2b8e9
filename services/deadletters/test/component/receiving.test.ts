import { randomUUID } from 'node:crypto';
import { aDeadLetter, rowsOf, startDeadLetters, type DeadLettersUnderTest } from './deadletters-under-test';

let office: DeadLettersUnderTest;

beforeAll(async () => {
  office = await startDeadLetters();
});

afterAll(async () => {
  await office.stop();
});

describe('POST /events/deadletter', () => {
  test('when a dead letter arrives, then it is stored pending with its id, original topic, type, source and whole envelope', async () => {
    const envelope = aDeadLetter();
    const before = Date.now();

    const delivery = await office.deliver(envelope);

    expect(delivery).toEqual({ status: 200, body: { status: 'SUCCESS' } });
    const rows = await rowsOf(office, envelope.id as string);
    expect(rows).toEqual([
      expect.objectContaining({ topic: 'order.confirmed', type: 'order.confirmed', source: 'order', status: 'pending', times_received: 1, replay_count: 0, replayed_at: null, discarded_at: null }),
    ]);
    expect(rows[0].event).toEqual(envelope);
    expect(rows[0].first_received_at.getTime()).toBeGreaterThanOrEqual(before - 1_000);
    expect(rows[0].last_received_at).toEqual(rows[0].first_received_at);
  });

  test('when the same dead letter arrives twice, then there is one record, received twice, first and last times apart', async () => {
    const envelope = aDeadLetter();
    await office.deliver(envelope);
    await new Promise((resolve) => setTimeout(resolve, 20));

    const again = await office.deliver(envelope);

    expect(again).toEqual({ status: 200, body: { status: 'SUCCESS' } });
    const rows = await rowsOf(office, envelope.id as string);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ times_received: 2, status: 'pending' });
    expect(rows[0].last_received_at.getTime()).toBeGreaterThan(rows[0].first_received_at.getTime());
  });

  test('when the same dead letter arrives five times at once, then there is one record, received five times', async () => {
    const envelope = aDeadLetter();

    const deliveries = await Promise.all(Array.from({ length: 5 }, () => office.deliver(envelope)));

    expect(deliveries.map((delivery) => delivery.body)).toEqual(Array.from({ length: 5 }, () => ({ status: 'SUCCESS' })));
    expect(await rowsOf(office, envelope.id as string)).toEqual([expect.objectContaining({ times_received: 5 })]);
  });

  test('when the same event id was dead-lettered from two topics, then each topic has its record', async () => {
    const envelope = aDeadLetter();

    await office.deliver(envelope);
    await office.deliver({ ...envelope, topic: 'order.cancelled' });

    expect((await rowsOf(office, envelope.id as string)).map((row) => row.topic).sort()).toEqual(['order.cancelled', 'order.confirmed']);
  });

  test('when a dead letter has no id, then it is still stored, once, under the hash of its content', async () => {
    const { id: _id, ...anonymous } = aDeadLetter({ subject: randomUUID() });

    await office.deliver(anonymous);
    await office.deliver(anonymous);

    // Matched in JS, not with json's ->>: that de-escapes the text of every row it reads, and letters holding \u0000 or
    // a lone surrogate (stored by other tests, as they came) make it fail.
    const rows = (await office.db('dead_letters').where('event_id', 'like', 'sha256:%')).filter((row) => row.event.subject === anonymous.subject);
    expect(rows).toEqual([expect.objectContaining({ event_id: expect.stringMatching(/^sha256:[0-9a-f]{64}$/), times_received: 2 })]);
  });

  test('when a dead letter carries characters jsonb would refuse, then it is stored as it came', async () => {
    const envelope = aDeadLetter({ data: { name: 'nul \u0000 inside' } });

    const delivery = await office.deliver(envelope);

    expect(delivery.body).toEqual({ status: 'SUCCESS' });
    expect((await rowsOf(office, envelope.id as string))[0].event.data).toEqual({ name: 'nul \u0000 inside' });
  });

  test('when the database refuses to store a dead letter, then it answers 500 (Dapr delivers it again), never DROP, and the next delivery stores it', async () => {
    const marker = `unstorable-${randomUUID()}`;
    const envelope = aDeadLetter({ id: marker });
    // A real refusal by Postgres, for this one event only (other tests write beside this one).
    const constraint = `dead_letters_refuse_${marker.slice(-12)}`;
    await office.db.raw(`alter table dead_letters add constraint ?? check (event_id <> '${marker}') not valid`, [constraint]);

    let refused;
    try {
      refused = await office.deliver(envelope);
    } finally {
      await office.db.raw('alter table dead_letters drop constraint ??', [constraint]);
    }
    const redelivered = await office.deliver(envelope);

    expect(refused.status).toBe(500);
    expect(refused.body).toMatchObject({ type: 'https://shop.local/problems/internal', status: 500 });
    expect(redelivered).toEqual({ status: 200, body: { status: 'SUCCESS' } });
    expect(await rowsOf(office, marker)).toEqual([expect.objectContaining({ times_received: 1 })]);
  });

  test('when a delivery is not a JSON object, then it is refused with an error status, never DROP', async () => {
    const delivery = await office.deliver([1, 2, 3] as unknown as Record<string, unknown>);

    expect(delivery.status).toBe(400);
    expect(delivery.body?.status).not.toBe('DROP');
  });
});
