import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { createDatabase, type Knex } from '@shop/service-kit';
import { componentDatabaseConfig, componentDatabaseUrl } from '../../../../test/component-setup/harness';
import { authConfigSchema, type AuthConfig } from '../../src/config';
import { createAuthService, type AuthService, type AuthServiceOverrides } from '../../src/service';

/** Shared by every component test file, so parallel files seeding the same admin agree on its password. */
export const ADMIN_PASSWORD = 'component-admin-password';

export interface ApiResponse {
  status: number;
  headers: Headers;
  /** The parsed JSON answer; each test asserts its shape. */
  body: any;
}

export interface AuthUnderTest {
  service: AuthService;
  /** A separate connection, for asserting on the state the service wrote. */
  db: Knex;
  post(path: string, body: unknown, headers?: Record<string, string>): Promise<ApiResponse>;
  get(path: string): Promise<ApiResponse>;
  send(path: string, init: RequestInit): Promise<ApiResponse>;
  stop(): Promise<void>;
}

export const privateKeyPem = (): string =>
  generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

/**
 * With a signing key and an admin password of its own and the relay off, auth starts no sidecar client; a test that
 * reads the keys from the secret store empties JWT_PRIVATE_KEY_PEM and names its own sidecar's DAPR_HTTP_PORT.
 */
export const authConfig = (env: Record<string, string> = {}): AuthConfig =>
  componentDatabaseConfig(authConfigSchema, 'auth', { JWT_PRIVATE_KEY_PEM: privateKeyPem(), ADMIN_PASSWORD, SHUTDOWN_GRACE_MS: '100', ...env });

/** The auth service in-process on a free port, against the real component database, with no sidecar unless given one. */
export async function startAuth(env: Record<string, string> = {}, overrides: AuthServiceOverrides = {}): Promise<AuthUnderTest> {
  const service = createAuthService(authConfig(env), overrides);
  await service.start();
  const db = createDatabase(componentDatabaseUrl('auth'), { min: 0, max: 2 });
  const base = `http://127.0.0.1:${service.port()}`;
  const send = async (path: string, init: RequestInit): Promise<ApiResponse> => {
    const response = await fetch(base + path, init);
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
  };
  return {
    service,
    db,
    send,
    post: (path, body, headers = {}) =>
      send(path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) }),
    get: (path) => send(path, { method: 'GET' }),
    stop: async () => {
      await db.destroy();
      await service.stop();
    },
  };
}

export const uniqueEmail = (label: string): string => `${label}-${randomUUID()}@example.com`;

export async function registerAndLogIn(auth: AuthUnderTest, label: string) {
  const email = uniqueEmail(label);
  const password = `pw-${randomUUID()}`;
  const registered = await auth.post('/auth/register', { email, password, name: label });
  const login = await auth.post('/auth/login', { email, password });
  return { email, password, user: registered.body as { id: string }, tokens: login.body as { accessToken: string; refreshToken: string } };
}
