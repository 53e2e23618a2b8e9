import { randomUUID } from 'node:crypto';
import { ADMIN_PASSWORD, startAuth, uniqueEmail, type AuthUnderTest } from './auth-under-test';

let auth: AuthUnderTest;

beforeAll(async () => {
  auth = await startAuth();
});

afterAll(async () => {
  await auth.stop();
});

describe('start-up', () => {
  test('when the service has started, then the seeded admin logs in with the admin and customer roles', async () => {
    const credentials = { email: 'admin@shop.local', password: ADMIN_PASSWORD };

    const response = await auth.post('/auth/login', credentials);

    expect(response.status).toBe(200);
    const claims = JSON.parse(Buffer.from(response.body.accessToken.split('.')[1], 'base64url').toString());
    expect(claims.roles).toEqual(['admin', 'customer']);
  });

  test('when the service restarts with a new admin password, then the admin keeps its id and only the new password works', async () => {
    const email = uniqueEmail('admin');
    const first = await startAuth({ ADMIN_EMAIL: email, ADMIN_PASSWORD: `old-${randomUUID()}` });
    await first.stop();
    const before = await auth.db('users').where({ email }).first();
    const newPassword = `new-${randomUUID()}`;

    const second = await startAuth({ ADMIN_EMAIL: email, ADMIN_PASSWORD: newPassword });
    await second.stop();

    const after = await auth.db('users').where({ email }).first();
    expect(after.id).toBe(before.id);
    expect(after.roles).toEqual(['admin', 'customer']);
    expect((await auth.post('/auth/login', { email, password: newPassword })).status).toBe(200);
    expect(await auth.db('users').where({ email })).toHaveLength(1);
  });

  test('when the service is ready, then /readyz answers 200 with the database check and no sidecar check', async () => {
    const response = await auth.get('/readyz');

    expect(response.status).toBe(200);
    expect(response.body.checks).toEqual([{ name: 'database', ok: true }]);
  });
});
