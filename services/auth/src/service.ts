import path from 'node:path';
import {
  checkDatabase,
  createDatabase,
  createHttpApp,
  createLogger,
  DaprSidecar,
  EventContracts,
  findContractsDirectory,
  listen,
  migrate,
  Outbox,
  OutboxRelay,
  type Knex,
  type Logger,
  type ReadinessCheck,
  type RunningServer,
  type Service,
} from '@shop/service-kit';
import { authRoutes } from './api/routes';
import type { AuthDeps } from './api/handlers';
import { keyActivationDelaySeconds, type AuthConfig } from './config';
import { Argon2PasswordHasher } from './crypto/argon2-password-hasher';
import { RefreshingKeyRing } from './crypto/refreshing-key-ring';
import { SigningKeySet } from './crypto/signing-key-set';
import { accountTransactions } from './data/account-ledger';
import { RefreshTokenRepository } from './data/refresh-token-repository';
import { readKeySetSecrets } from './data/secret-store-keys';
import { UserRepository } from './data/user-repository';
import type { AccessTokenSigner } from './domain/access-token';
import { seedAdmin } from './domain/seed-admin';
import { loadStartupSecrets, type StartupSecrets } from './startup-secrets';

export interface AuthServiceOverrides {
  log?: Logger;
}

export type AuthService = Service & { port(): number };

export function createAuthService(config: AuthConfig, overrides: AuthServiceOverrides = {}): AuthService {
  const log = overrides.log ?? createLogger(config.SERVICE_NAME, config.LOG_LEVEL);
  const needsSidecar = config.OUTBOX_RELAY_ENABLED || !config.JWT_PRIVATE_KEY_PEM || !config.ADMIN_PASSWORD;
  const sidecar = needsSidecar ? DaprSidecar.fromConfig(config) : undefined;
  let db: Knex | undefined;
  let relay: OutboxRelay | undefined;
  let keyRing: RefreshingKeyRing | undefined;
  let server: RunningServer | undefined;
  let markShuttingDown: (() => void) | undefined;

  return {
    async start() {
      db = createDatabase(config.DATABASE_URL);
      await migrate(db, path.join(__dirname, '../migrations'));
      const secrets = await loadStartupSecrets(config, sidecar, log);
      const signer = await signingKeys(secrets, config, sidecar, log);
      if (signer instanceof RefreshingKeyRing) keyRing = signer;
      const deps = await wireDeps(config, db, signer, () => relay?.nudge());
      const seeded = await seedAdmin({ email: config.ADMIN_EMAIL, password: secrets.adminPassword }, deps);
      log.info({ email: config.ADMIN_EMAIL, outcome: seeded }, 'admin account seeded');
      if (config.OUTBOX_RELAY_ENABLED && sidecar) {
        relay = new OutboxRelay({ db, publish: (event) => sidecar.publish(event), log });
        relay.start();
      }
      const http = createHttpApp({ name: config.SERVICE_NAME, log, routers: [authRoutes(deps)], readiness: readinessChecks(db, sidecar), appApiToken: config.APP_API_TOKEN });
      markShuttingDown = http.markShuttingDown;
      server = await listen(http.app, config.APP_PORT, config.HOST);
      log.info({ port: server.port }, 'auth service listening');
    },

    async stop() {
      markShuttingDown?.();
      await server?.close(config.SHUTDOWN_GRACE_MS);
      await keyRing?.stop();
      await relay?.stop();
      await db?.destroy();
      await sidecar?.stop();
    },

    port() {
      if (!server) throw new Error('the auth service is not listening');
      return server.port;
    },
  };
}

/** A bad key fails the start here, with the secret at fault named; keys from the store are then re-read on a timer. */
async function signingKeys(secrets: StartupSecrets, config: AuthConfig, sidecar: DaprSidecar | undefined, log: Logger): Promise<AccessTokenSigner> {
  const keys = await SigningKeySet.fromSecrets(secrets.signingKeys);
  log.info({ currentKid: keys.currentKid, previousKids: keys.previousKids, fromStore: secrets.signingKeysFromStore }, 'signing keys loaded');
  if (!secrets.signingKeysFromStore || !sidecar) return keys;
  const ring = new RefreshingKeyRing(keys, {
    load: () => readKeySetSecrets(sidecar),
    intervalMs: config.KEY_SET_REFRESH_SECONDS * 1000,
    activationDelayMs: keyActivationDelaySeconds(config) * 1000,
    log,
  });
  ring.start();
  return ring;
}

async function wireDeps(config: AuthConfig, db: Knex, signer: AccessTokenSigner, afterEvents: () => void): Promise<AuthDeps> {
  const outbox = new Outbox(config.SERVICE_NAME, new EventContracts(findContractsDirectory()));
  return {
    users: new UserRepository(db),
    refreshTokens: new RefreshTokenRepository(db),
    passwords: await Argon2PasswordHasher.create(),
    signer,
    inTransaction: accountTransactions(db, outbox, afterEvents),
    lifetimes: { accessTokenSeconds: config.ACCESS_TOKEN_TTL_SECONDS, refreshTokenSeconds: config.REFRESH_TOKEN_TTL_SECONDS },
    clock: () => new Date(),
  };
}

function readinessChecks(db: Knex, sidecar: DaprSidecar | undefined): ReadinessCheck[] {
  const checks: ReadinessCheck[] = [{ name: 'database', check: () => checkDatabase(db) }];
  if (sidecar) checks.push({ name: 'sidecar', check: () => sidecar.checkReady() });
  return checks;
}
