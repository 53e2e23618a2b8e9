import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './paths';

/**
 * Which infrastructure the sidecars are given. Choosing one only changes which component files are rendered for
 * the sidecars (components/profiles/<kind>/<choice>/); services and their configuration never change.
 */
export interface ComponentProfile {
  /** `pubsub`: Redis Streams, RabbitMQ, Kafka (KRaft) or NATS JetStream. */
  broker: string;
  /** `actorstore` (Dapr Workflow state): Postgres (order's database) or Redis. */
  actorState: string;
  /** `secretstore`: a JSON file or the sidecar's environment. */
  secrets: string;
}

export const DEFAULT_PROFILE: ComponentProfile = { broker: 'redis', actorState: 'postgres', secrets: 'file' };

export const PROFILES_DIR = path.join(repoRoot, 'components', 'profiles');

/** The folder of each kind of profile, and the make variable that picks it (`make up BROKER=kafka`). */
const KINDS = {
  broker: { folder: 'pubsub', variable: 'BROKER' },
  actorState: { folder: 'actor-state', variable: 'ACTOR_STATE' },
  secrets: { folder: 'secrets', variable: 'SECRETS' },
} as const satisfies Record<keyof ComponentProfile, { folder: string; variable: string }>;

export const profileChoices = (kind: keyof ComponentProfile): string[] =>
  readdirSync(path.join(PROFILES_DIR, KINDS[kind].folder), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();

/** BROKER, ACTOR_STATE and SECRETS from the environment (make passes its command-line variables through). */
export function profileFromEnvironment(env: NodeJS.ProcessEnv = process.env): ComponentProfile {
  const profile = { ...DEFAULT_PROFILE };
  for (const kind of Object.keys(KINDS) as (keyof ComponentProfile)[]) {
    const value = env[KINDS[kind].variable]?.trim();
    if (!value) continue;
    const choices = profileChoices(kind);
    if (!choices.includes(value)) throw new Error(`${KINDS[kind].variable}=${value} is not a profile: choose one of ${choices.join(', ')}`);
    profile[kind] = value;
  }
  return profile;
}

export function profileDirectory(kind: keyof ComponentProfile, choice: string): string {
  const directory = path.join(PROFILES_DIR, KINDS[kind].folder, choice);
  if (!existsSync(directory)) throw new Error(`no ${kind} profile ${choice} (${path.relative(repoRoot, directory)})`);
  return directory;
}

/** The component folders a profile adds to components/local, in the order they are rendered. */
export const profileDirectories = (profile: ComponentProfile): string[] =>
  (Object.keys(KINDS) as (keyof ComponentProfile)[]).map((kind) => profileDirectory(kind, profile[kind]));

export const describeProfile = (profile: ComponentProfile): string =>
  `pub/sub ${profile.broker}, actor state ${profile.actorState}, secrets ${profile.secrets}`;
