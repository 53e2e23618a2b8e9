import { aDeadLetter, eventually, givenDeadLetter, messagesOnTopic, replaysOf, rowsOf, startDeadLetters, type DeadLettersUnderTest } from './deadletters-under-test';

let office: DeadLettersUnderTest;

beforeAll(async () => {
  // The relay runs: replays cross the component environment's real daprd onto the real Redis stream of their topic.
  office = await startDeadLetters({ OUTBOX_RELAY_ENABLED: 'true' });
});

afterAll(async () => {
  await office.stop();
});

describe('POST /dead-letters/:id/replay', () => {
  test('when an admin replays a dead letter, then 202, it is marked replayed, and the original envelope is published to its topic with the same id', async () => {
    const { id, envelope } = await givenDeadLetter(office);

    const answer = await office.call('POST', `/dead-letters/${id}/replay`);

    expect(answer.status).toBe(202);
    expect(answer.body).toMatchObject({ id, status: 'replayed', replayCount: 1, replayedAt: expect.any(String), event: envelope });
    expect(await rowsOf(office, envelope.id as string)).toEqual([expect.objectContaining({ status: 'replayed', replay_count: 1 })]);
    const [published] = await eventually('the replay on the order.confirmed stream', async () => {
      const messages = await messagesOnTopic('order.confirmed', envelope.id as string);
      return messages.length > 0 ? messages : undefined;
    });
    // The replay is a new publish in the original trace: the same trace id, the publishing span's own span id.
    const { topic, pubsubname, traceid, traceparent, tracestate: _tracestate, ...original } = envelope;
    const traceIdOf = (value: unknown) => String(value).split('-')[1];
    expect(published).toMatchObject(original);
    expect(published).toMatchObject({ topic, pubsubname });
    expect([traceIdOf(published!.traceid), traceIdOf(published!.traceparent)]).toEqual([traceIdOf(traceid), traceIdOf(traceparent)]);
    expect(await replaysOf(office, envelope.id as string)).toEqual([expect.objectContaining({ type: 'order.confirmed', published_at: expect.any(Date) })]);
  });

  test('when an event was published to a topic other than its type, then the replay goes to that topic', async () => {
    const { id, envelope } = await givenDeadLetter(office, aDeadLetter({ type: 'order.cancelled', topic: 'order.confirmed' }));

    await office.call('POST', `/dead-letters/${id}/replay`);

    const [published] = await eventually('the replay on the order.confirmed stream', async () => {
      const messages = await messagesOnTopic('order.confirmed', envelope.id as string);
      return messages.length > 0 ? messages : undefined;
    });
    expect(published).toMatchObject({ id: envelope.id, type: 'order.cancelled', topic: 'order.confirmed' });
    expect(await messagesOnTopic('order.cancelled', envelope.id as string)).toEqual([]);
  });

  test('when a dead letter is replayed twice, then both are counted and published, and it comes back pending when dropped again', async () => {
    const { id, envelope } = await givenDeadLetter(office);
    await office.call('POST', `/dead-letters/${id}/replay`);

    const second = await office.call('POST', `/dead-letters/${id}/replay`);
    await office.deliver(envelope);

    expect(second).toMatchObject({ status: 202, body: { replayCount: 2 } });
    await eventually('both replays on the stream', async () => ((await messagesOnTopic('order.confirmed', envelope.id as string)).length === 2 ? true : undefined));
    expect((await office.call('GET', `/dead-letters/${id}`)).body).toMatchObject({ status: 'pending', replayCount: 2, timesReceived: 2 });
  });

  test('when a discarded dead letter is replayed, then 409 and nothing is published', async () => {
    const { id, envelope } = await givenDeadLetter(office);
    await office.call('POST', `/dead-letters/${id}/discard`);

    const answer = await office.call('POST', `/dead-letters/${id}/replay`);

    expect(answer.status).toBe(409);
    expect(answer.body).toMatchObject({ type: 'https://shop.local/problems/conflict', status: 409 });
    expect(await rowsOf(office, envelope.id as string)).toEqual([expect.objectContaining({ status: 'discarded', replay_count: 0 })]);
    expect(await replaysOf(office, envelope.id as string)).toEqual([]);
  });

  test('when the original topic is not a topic of the platform, then 422 and nothing is published', async () => {
    const { id, envelope } = await givenDeadLetter(office, aDeadLetter({ topic: 'not.a.platform.topic' }));

    const answer = await office.call('POST', `/dead-letters/${id}/replay`);

    expect(answer.status).toBe(422);
    expect(await replaysOf(office, envelope.id as string)).toEqual([]);
  });

  test('when the dead letter does not exist, then 404', async () => {
    const answer = await office.call('POST', '/dead-letters/5b1d1f0e-3c2a-4d7e-9f8a-0b1c2d3e4f50/replay');

    expect(answer.status).toBe(404);
  });
});
