import { createHash, createPublicKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import path from 'node:path';

export const LOCAL_ADMIN_PASSWORD = 'admin-local-password';

/**
 * The local profile's secret store file, generated once: the seeded admin's password, the RS256 key auth signs
 * access tokens with, and the password of the local Redis (the runner renders it into the Redis components and hands
 * it to the gateway's rate limiter; no app reads it through a sidecar). Kept under the git-ignored runtime folder;
 * missing keys are added, existing ones kept, so tokens stay valid across restarts.
 */
export function ensureLocalSecrets(file: string, overrides: Record<string, string> = {}): Record<string, string> {
  const existing = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>) : {};
  const secrets: Record<string, string> = { ...existing };
  secrets['admin-password'] ??= overrides['admin-password'] ?? process.env.ADMIN_PASSWORD ?? LOCAL_ADMIN_PASSWORD;
  secrets['redis-password'] ??= overrides['redis-password'] ?? randomBytes(24).toString('hex');
  secrets['jwt-signing-key'] ??= generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  if (JSON.stringify(secrets) !== JSON.stringify(existing)) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 });
  }
  return secrets;
}

/**
 * How long a retired signing key stays published: until every token it signed has expired. It may sign for a while
 * after the rotation: until auth's next read of the store (KEY_SET_REFRESH_SECONDS, at most 300 s), then while the new
 * key is published but not yet signing (KEY_ACTIVATION_DELAY_SECONDS, at most 400 s); its last token then lives 900 s
 * (the longest access token auth issues). 300 + 400 + 900 + 60 s for clocks = 1660 s, rounded up to 30 minutes.
 * Refresh tokens are opaque, not JWTs: no key bounds them.
 */
export const DEFAULT_SIGNING_KEY_OVERLAP_SECONDS = 30 * 60;

/** A key that no longer signs but still verifies; only its public half is kept. */
export interface RetiredSigningKey {
  pem: string;
  retiredAt: string;
}

export interface SigningKeyRotation {
  secrets: Record<string, string>;
  currentKid: string;
  retiredKid: string;
  keptKids: string[];
  droppedKids: string[];
}

/**
 * A rotation of auth's key set, as secrets only: a new `jwt-signing-key`; the key it replaces moves to
 * `jwt-previous-keys` (JSON text, its public half and when it was retired); previous keys retired longer ago than the
 * overlap are dropped. A previous key with no `retiredAt` (put there by hand) counts as retired now.
 */
export function rotateSigningKey(
  secrets: Record<string, string>,
  options: { now: Date; overlapSeconds: number; newKeyPem?: string },
): SigningKeyRotation {
  const current = secrets['jwt-signing-key'];
  if (!current) throw new Error('there is no jwt-signing-key to rotate');
  const now = options.now.getTime();
  const previous = parseRetiredKeys(secrets['jwt-previous-keys'] ?? '[]', options.now);
  const expired = (key: RetiredSigningKey) => now - Date.parse(key.retiredAt) >= options.overlapSeconds * 1000;
  const retired: RetiredSigningKey = { pem: publicPemOf(current), retiredAt: options.now.toISOString() };
  const kept = [retired, ...previous.filter((key) => !expired(key))];
  const next = options.newKeyPem ?? newSigningKeyPem();
  return {
    secrets: { ...secrets, 'jwt-signing-key': next, 'jwt-previous-keys': JSON.stringify(kept) },
    currentKid: kidOf(next),
    retiredKid: kidOf(current),
    keptKids: kept.map((key) => kidOf(key.pem)),
    droppedKids: previous.filter(expired).map((key) => kidOf(key.pem)),
  };
}

/** Rotates the key set in the local secrets file, then tells the sidecars' secret store to re-read it. */
export function rotateLocalSigningKey(
  files: { secretsFile: string; componentsDir: string },
  options: { now?: Date; overlapSeconds?: number } = {},
): SigningKeyRotation & { announced: boolean } {
  if (!existsSync(files.secretsFile)) throw new Error(`${files.secretsFile} does not exist yet: 'make up' creates it`);
  const rotation = rotateSigningKey(JSON.parse(readFileSync(files.secretsFile, 'utf8')) as Record<string, string>, {
    now: options.now ?? new Date(),
    overlapSeconds: options.overlapSeconds ?? DEFAULT_SIGNING_KEY_OVERLAP_SECONDS,
  });
  writeSecretsAtomically(files.secretsFile, rotation.secrets);
  return { ...rotation, announced: announceSecretsRevision(files.componentsDir, secretsRevision(files.secretsFile)) };
}

/**
 * Written to a temporary file (mode 0600 from the start) and renamed over the old one, so the secret store never reads
 * half a file and the keys are never readable by others, not even for a moment.
 */
export function writeSecretsAtomically(file: string, secrets: Record<string, string>): void {
  writeFileAtomically(file, `${JSON.stringify(secrets, null, 2)}\n`, 0o600);
}

function writeFileAtomically(file: string, content: string, mode: number): void {
  mkdirSync(path.dirname(file), { recursive: true });
  // Not *.yaml, so a sidecar watching the folder never loads the half-written file.
  const temporary = `${file}.${process.pid}.tmp`;
  rmSync(temporary, { force: true });
  const fd = openSync(temporary, 'wx', mode);
  try {
    writeSync(fd, content);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, file);
}

/**
 * The local file secret store reads its file once, when the component starts. The component carries the file's
 * revision (`secretsRevision`), so a changed file is a changed component spec, which the sidecars' hot reload answers
 * by re-initialising the secret store, and only that, without a restart.
 */
export function secretsRevision(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex').slice(0, 16);
}

/** Sets `secretsRevision` in the rendered components; false when none carries it (never rendered, or rendered before). */
export function announceSecretsRevision(componentsDir: string, revision: string): boolean {
  if (!existsSync(componentsDir)) return false;
  let announced = false;
  for (const name of readdirSync(componentsDir).filter((f) => f.endsWith('.yaml'))) {
    const file = path.join(componentsDir, name);
    const text = readFileSync(file, 'utf8');
    const updated = text.replace(/(- name: secretsRevision\s*\n\s*value: )"[^"\n]*"/, `$1"${revision}"`);
    // Renamed into place: a watcher seeing a truncated component would unload the secret store.
    if (updated !== text) writeFileAtomically(file, updated, 0o644);
    announced ||= updated !== text || text.includes(`value: "${revision}"`);
  }
  return announced;
}

/** RFC 7638 thumbprint, as auth names its keys (`kid`), so the output can be compared with the JWKS. */
export function kidOf(pem: string): string {
  const { e, n } = createPublicKey(pem).export({ format: 'jwk' });
  return createHash('sha256').update(JSON.stringify({ e, kty: 'RSA', n })).digest('base64url');
}

function newSigningKeyPem(): string {
  return generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
}

function publicPemOf(pem: string): string {
  return createPublicKey(pem).export({ type: 'spki', format: 'pem' }).toString();
}

/** The previous keys as auth reads them (see its signing-key-set.ts), each reduced to its public half. */
function parseRetiredKeys(text: string, now: Date): RetiredSigningKey[] {
  let entries: unknown;
  try {
    entries = JSON.parse(text);
  } catch {
    throw new Error('jwt-previous-keys is not JSON; fix it before rotating');
  }
  if (!Array.isArray(entries)) throw new Error('jwt-previous-keys is not a JSON array; fix it before rotating');
  return entries.map((entry: unknown, index) => {
    const { pem, retiredAt } = (typeof entry === 'string' ? { pem: entry } : (entry ?? {})) as Partial<RetiredSigningKey>;
    if (typeof pem !== 'string') throw new Error(`jwt-previous-keys[${index}] has no pem; fix it before rotating`);
    const known = typeof retiredAt === 'string' && !Number.isNaN(Date.parse(retiredAt));
    return { pem: publicPemOf(pem), retiredAt: known ? retiredAt : now.toISOString() };
  });
}
