import { EventContracts, findContractsDirectory } from '@shop/service-kit';
import { startAuth, uniqueEmail, type AuthUnderTest } from './auth-under-test';

let auth: AuthUnderTest;
const contracts = new EventContracts(findContractsDirectory());

beforeAll(async () => {
  auth = await startAuth();
});

afterAll(async () => {
  await auth.stop();
});

const outboxRowsFor = (userId: string) => auth.db('outbox').where({ type: 'user.registered' }).whereRaw(`event->'data'->>'userId' = ?`, [userId]);

describe('POST /auth/register', () => {
  test('when a new customer registers, then 201 returns the customer profile and the password is stored as an argon2id hash', async () => {
    const email = uniqueEmail('Ada.Lovelace').replace('example.com', 'Example.COM');

    const response = await auth.post('/auth/register', { email, password: 'analytical-engine', name: 'Ada Lovelace' });

    expect(response.status).toBe(201);
    expect(response.body).toEqual({ id: expect.any(String), email: email.toLowerCase(), name: 'Ada Lovelace', roles: ['customer'] });
    const row = await auth.db('users').where({ id: response.body.id }).first();
    expect(row).toMatchObject({ email: email.toLowerCase(), roles: ['customer'] });
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
  });

  test('when a customer registers, then a contract-valid user.registered event waits in the outbox', async () => {
    const email = uniqueEmail('grace');

    const response = await auth.post('/auth/register', { email, password: 'hopper-1906', name: 'Grace' });

    const rows = await outboxRowsFor(response.body.id);
    expect(rows).toHaveLength(1);
    const event = rows[0].event;
    expect(event).toMatchObject({
      specversion: '1.0',
      type: 'user.registered',
      source: 'auth',
      subject: response.body.id,
      id: rows[0].id,
      dataschema: 'contracts/events/user.registered.v1.json',
      data: { userId: response.body.id, email, name: 'Grace', registeredAt: expect.any(String) },
    });
    expect(() => contracts.assertValid('user.registered', event.data)).not.toThrow();
    expect(rows[0].published_at).toBeNull();
  });

  test('when the email is already registered in another case, then 409 problem+json and nothing new is stored', async () => {
    const email = uniqueEmail('twice');
    const first = await auth.post('/auth/register', { email, password: 'first-password', name: 'First' });

    const second = await auth.post('/auth/register', { email: email.toUpperCase(), password: 'second-password', name: 'Second' });

    expect(second.status).toBe(409);
    expect(second.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(second.body).toMatchObject({ status: 409, type: 'https://shop.local/problems/conflict' });
    expect(await auth.db('users').whereRaw('email = lower(?)', [email])).toHaveLength(1);
    expect(await outboxRowsFor(first.body.id)).toHaveLength(1);
    expect(await auth.db('outbox').whereRaw(`event->'data'->>'email' = lower(?)`, [email])).toHaveLength(1);
  });

  test('when the same email registers concurrently, then exactly one registration wins and the other gets 409', async () => {
    const email = uniqueEmail('race');

    const answers = await Promise.all(
      Array.from({ length: 5 }, (_, i) => auth.post('/auth/register', { email, password: `password-${i}`, name: `Racer ${i}` })),
    );

    expect(answers.map((a) => a.status).sort()).toEqual([201, 409, 409, 409, 409]);
    expect(await auth.db('users').where({ email })).toHaveLength(1);
    expect(await auth.db('outbox').whereRaw(`event->'data'->>'email' = ?`, [email])).toHaveLength(1);
  });

  test('when the body breaks the rules, then 400 problem+json lists every bad field', async () => {
    const body = { email: 'not-an-email', password: 'short', name: '' };

    const response = await auth.post('/auth/register', body);

    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(response.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['email', 'name', 'password']);
  });

  test('when the password is longer than 128 characters, then 400 names the password', async () => {
    const body = { email: uniqueEmail('long'), password: 'x'.repeat(129), name: 'Long' };

    const response = await auth.post('/auth/register', body);

    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([expect.objectContaining({ path: 'password' })]);
  });

  test('when the body is not valid JSON, then 400 problem+json', async () => {
    const init = { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"email": "a@example.com",' };

    const response = await auth.send('/auth/register', init);

    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({ status: 400, type: 'https://shop.local/problems/validation' });
  });
});
