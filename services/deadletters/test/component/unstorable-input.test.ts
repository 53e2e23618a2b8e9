import { randomUUID } from 'node:crypto';
import { IDS_THAT_ARE_NOT_UUIDS } from '../../../../test/component-setup/harness';
import { UNSTORABLE_TEXT_MESSAGE } from '@shop/service-kit';
import { aDeadLetter, anAdmin, replaysOf, startDeadLetters, type DeadLettersUnderTest } from './deadletters-under-test';

/**
 * Text Postgres cannot store (NUL; an unpaired surrogate, "\ud800" in JSON): a query is refused with 400 at the edge;
 * a dead letter carrying it is still kept (the office never loses one), and an id that is not a uuid names no record.
 */
let office: DeadLettersUnderTest;

beforeAll(async () => {
  office = await startDeadLetters();
});

afterAll(async () => {
  await office.stop();
});

/** The records of one test's envelope, found by a marker in its data (the json column's text keeps it as sent). */
const rowsMarked = (marker: string) => office.db('dead_letters').whereRaw('event::text like ?', [`%${marker}%`]);

describe('text Postgres cannot store', () => {
  test.each([
    ['a NUL character', '\u0000'],
    ['a lone surrogate', '\uD800'],
  ])('when a dead letter\'s id, topic, type and source hold %s, then it is kept, named by its content, and its envelope is shown as it came', async (_case, text) => {
    const marker = randomUUID();
    const envelope = aDeadLetter({ id: `event-${text}`, topic: `order.confirmed${text}`, type: `order.confirmed${text}`, source: `order${text}`, data: { marker, note: `a ${text} b` } });

    const delivery = await office.deliver(envelope);

    expect(delivery).toEqual({ status: 200, body: { status: 'SUCCESS' } });
    const rows = await rowsMarked(marker);
    expect(rows).toEqual([expect.objectContaining({ event_id: expect.stringMatching(/^sha256:[0-9a-f]{64}$/), topic: '', type: null, source: null, status: 'pending' })]);
    const shown = await office.call('GET', `/dead-letters/${rows[0].id}`, { as: anAdmin() });
    expect(shown.status).toBe(200);
    expect(shown.body.event).toEqual(envelope);
  });

  test.each([
    ['a NUL character', '\u0000'],
    ['a lone surrogate', '\uD800'],
  ])('when a dead letter of a platform topic holding %s is replayed, then 422 (nothing could store it) and nothing goes to the outbox; it can be discarded', async (_case, text) => {
    const marker = randomUUID();
    const envelope = aDeadLetter({ data: { marker, note: `a ${text} b` } });
    await office.deliver(envelope);
    const [row] = await rowsMarked(marker);

    const replayed = await office.call('POST', `/dead-letters/${row.id}/replay`);
    const discarded = await office.call('POST', `/dead-letters/${row.id}/discard`);

    expect(replayed.status).toBe(422);
    expect(replayed.body.detail).toMatch(/NUL or a lone surrogate/);
    expect(await replaysOf(office, envelope.id as string)).toEqual([]);
    expect(discarded).toMatchObject({ status: 200, body: { status: 'discarded' } });
  });

  test('when the dead letters are listed by a topic holding NUL, then 400 problem+json names topic', async () => {
    const answer = await office.call('GET', '/dead-letters?topic=order%00');

    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ type: 'https://shop.local/problems/validation', errors: [{ path: 'topic', message: UNSTORABLE_TEXT_MESSAGE }] });
  });
});

describe('dead letter ids that are not uuids', () => {
  test.each(IDS_THAT_ARE_NOT_UUIDS)('when the id is %s, then reading, replaying and discarding answer 404 problem+json', async (_case, id) => {
    const answers = [
      await office.call('GET', `/dead-letters/${id}`),
      await office.call('POST', `/dead-letters/${id}/replay`),
      await office.call('POST', `/dead-letters/${id}/discard`),
    ];

    expect(answers.map((answer) => [answer.status, answer.body?.type])).toEqual(Array.from({ length: 3 }, () => [404, 'https://shop.local/problems/not-found']));
  });
});
