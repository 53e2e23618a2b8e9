import { randomUUID } from 'node:crypto';
import { aCustomer, aDeadLetter, anAdmin, aTopic, givenDeadLetter, rowsOf, startDeadLetters, type DeadLettersUnderTest } from './deadletters-under-test';

let office: DeadLettersUnderTest;

beforeAll(async () => {
  office = await startDeadLetters();
});

afterAll(async () => {
  await office.stop();
});

describe('GET /dead-letters', () => {
  test('when an admin lists a topic\'s dead letters, then newest arrival first, with the paging fields and total', async () => {
    const topic = aTopic();
    const first = await givenDeadLetter(office, aDeadLetter({ topic }));
    const second = await givenDeadLetter(office, aDeadLetter({ topic }));
    const third = await givenDeadLetter(office, aDeadLetter({ topic }));

    const all = await office.call('GET', `/dead-letters?topic=${topic}`);
    const page2 = await office.call('GET', `/dead-letters?topic=${topic}&page=2&pageSize=2`);

    expect(all.status).toBe(200);
    expect(all.body).toMatchObject({ page: 1, pageSize: 20, total: 3 });
    expect(all.body.items.map((item: { id: string }) => item.id)).toEqual([third.id, second.id, first.id]);
    expect(all.body.items[0]).toEqual({
      id: third.id,
      eventId: third.envelope.id,
      topic,
      type: 'order.confirmed',
      source: 'order',
      status: 'pending',
      timesReceived: 1,
      firstReceivedAt: expect.any(String),
      lastReceivedAt: expect.any(String),
      replayCount: 0,
      replayedAt: null,
      discardedAt: null,
    });
    expect(page2.body).toEqual({ items: [expect.objectContaining({ id: first.id })], page: 2, pageSize: 2, total: 3 });
  });

  test('when the list is filtered by status, then only dead letters in that status are listed', async () => {
    const topic = aTopic();
    const kept = await givenDeadLetter(office, aDeadLetter({ topic }));
    const dropped = await givenDeadLetter(office, aDeadLetter({ topic }));
    await office.call('POST', `/dead-letters/${dropped.id}/discard`);

    const pending = await office.call('GET', `/dead-letters?topic=${topic}&status=pending`);
    const discarded = await office.call('GET', `/dead-letters?topic=${topic}&status=discarded`);

    expect(pending.body.items.map((item: { id: string }) => item.id)).toEqual([kept.id]);
    expect(discarded.body.items.map((item: { id: string }) => item.id)).toEqual([dropped.id]);
  });

  test('when the query is malformed (status, page size over 100, page 0), then 400 problem+json', async () => {
    const answers = await Promise.all(['status=lost', 'pageSize=101', 'page=0'].map((query) => office.call('GET', `/dead-letters?${query}`)));

    expect(answers.map((answer) => answer.status)).toEqual([400, 400, 400]);
    expect(answers[0]!.body).toMatchObject({ type: 'https://shop.local/problems/validation', status: 400 });
  });
});

describe('GET /dead-letters/:id', () => {
  test('when an admin reads a dead letter, then it shows the whole original envelope', async () => {
    const { id, envelope } = await givenDeadLetter(office);

    const answer = await office.call('GET', `/dead-letters/${id}`);

    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ id, eventId: envelope.id, topic: 'order.confirmed', status: 'pending', timesReceived: 1, event: envelope });
  });

  test('when the id is unknown or not a uuid, then 404 problem+json', async () => {
    const unknown = await office.call('GET', `/dead-letters/${randomUUID()}`);
    const malformed = await office.call('GET', '/dead-letters/42');

    expect([unknown.status, malformed.status]).toEqual([404, 404]);
    expect(unknown.body).toMatchObject({ type: 'https://shop.local/problems/not-found', status: 404 });
  });
});

describe('POST /dead-letters/:id/discard', () => {
  test('when an admin discards a pending dead letter, then it is discarded with the time; again → 409 and nothing changes', async () => {
    const { id, envelope } = await givenDeadLetter(office);

    const discarded = await office.call('POST', `/dead-letters/${id}/discard`);
    const again = await office.call('POST', `/dead-letters/${id}/discard`);

    expect(discarded.status).toBe(200);
    expect(discarded.body).toMatchObject({ id, status: 'discarded', discardedAt: expect.any(String) });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ type: 'https://shop.local/problems/conflict', status: 409 });
    const [row] = await rowsOf(office, envelope.id as string);
    expect(row).toMatchObject({ status: 'discarded' });
    expect(row.discarded_at.toISOString()).toBe(discarded.body.discardedAt);
  });

  test('when a discarded dead letter arrives again, then it is counted and stays discarded', async () => {
    const { id, envelope } = await givenDeadLetter(office);
    await office.call('POST', `/dead-letters/${id}/discard`);

    await office.deliver(envelope);

    expect((await office.call('GET', `/dead-letters/${id}`)).body).toMatchObject({ status: 'discarded', timesReceived: 2 });
  });
});

describe('who may use the dead-letter office', () => {
  test('when a customer calls any endpoint, then 403; anonymous, then 401; and nothing changes', async () => {
    const { id, envelope } = await givenDeadLetter(office);
    const calls: [string, string][] = [
      ['GET', '/dead-letters'],
      ['GET', `/dead-letters/${id}`],
      ['POST', `/dead-letters/${id}/replay`],
      ['POST', `/dead-letters/${id}/discard`],
    ];

    const asCustomer = await Promise.all(calls.map(([method, path]) => office.call(method, path, { as: aCustomer() })));
    const anonymous = await Promise.all(calls.map(([method, path]) => office.call(method, path, { as: {} })));

    expect(asCustomer.map((answer) => answer.status)).toEqual([403, 403, 403, 403]);
    expect(asCustomer[0]!.body).toMatchObject({ type: 'https://shop.local/problems/forbidden' });
    expect(anonymous.map((answer) => answer.status)).toEqual([401, 401, 401, 401]);
    expect(await rowsOf(office, envelope.id as string)).toEqual([expect.objectContaining({ status: 'pending', replay_count: 0 })]);
    expect((await office.call('GET', `/dead-letters/${id}`, { as: anAdmin() })).status).toBe(200);
  });
});
