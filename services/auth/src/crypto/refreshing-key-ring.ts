import type { Logger } from '@shop/service-kit';
import type { AccessTokenClaims, AccessTokenSigner, PublicSigningKey } from '../domain/access-token';
import { SigningKeySet, type KeySetSecrets } from './signing-key-set';

export interface KeyRingOptions {
  /** Reads the key set's secrets as the store holds them now. */
  load: () => Promise<KeySetSecrets>;
  intervalMs: number;
  log: Logger;
}

export type RefreshOutcome = 'changed' | 'unchanged' | 'failed';

/**
 * The key set in use, re-read from the secret store on a timer so that a rotation needs no restart. The set is
 * replaced whole (a token is never signed by one set and published by another), and only by a set that loaded
 * completely: a failed read or a bad key keeps the old set and logs an error, so a mistake never drops keys.
 */
export class RefreshingKeyRing implements AccessTokenSigner {
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<RefreshOutcome> | undefined;

  constructor(private keys: SigningKeySet, private readonly options: KeyRingOptions) {}

  start(): void {
    this.timer = setInterval(() => void this.refresh(), this.options.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.inFlight;
  }

  /** One reload; never throws. Overlapping calls share the reload in progress. */
  refresh(): Promise<RefreshOutcome> {
    this.inFlight ??= this.reload().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  sign(claims: AccessTokenClaims): Promise<string> {
    return this.keys.sign(claims);
  }

  publicKeys(): { keys: PublicSigningKey[] } {
    return this.keys.publicKeys();
  }

  private async reload(): Promise<RefreshOutcome> {
    const { log } = this.options;
    let next: SigningKeySet;
    try {
      next = await SigningKeySet.fromSecrets(await this.options.load());
    } catch (error) {
      log.error({ err: error, currentKid: this.keys.currentKid, previousKids: this.keys.previousKids }, 'signing key set reload failed; keeping the keys in use');
      return 'failed';
    }
    if (next.sameKeysAs(this.keys)) return 'unchanged';
    const before = this.keys;
    this.keys = next;
    log.info(
      { currentKid: next.currentKid, previousKids: next.previousKids, replacedCurrentKid: before.currentKid, droppedKids: droppedKids(before, next) },
      'signing key set changed',
    );
    return 'changed';
  }
}

function droppedKids(before: SigningKeySet, after: SigningKeySet): string[] {
  const kept = new Set([after.currentKid, ...after.previousKids]);
  return [before.currentKid, ...before.previousKids].filter((kid) => !kept.has(kid));
}
