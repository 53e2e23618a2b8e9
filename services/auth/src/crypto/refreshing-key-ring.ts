import type { Logger } from '@shop/service-kit';
import type { AccessTokenClaims, AccessTokenSigner, PublicSigningKey } from '../domain/access-token';
import type { SigningKey } from './signing-key';
import { SigningKeySet, type KeySetSecrets } from './signing-key-set';

export interface KeyRingOptions {
  /** Reads the key set's secrets as the store holds them now. */
  load: () => Promise<KeySetSecrets>;
  intervalMs: number;
  /** How long a new current key is published before it signs (see `RefreshingKeyRing`). */
  activationDelayMs: number;
  log: Logger;
  clock?: () => number;
}

export type RefreshOutcome = 'changed' | 'unchanged' | 'failed';

/**
 * The key set in use, re-read from the secret store on a timer so that a rotation needs no restart. A set replaces
 * the published one only when it loaded completely: a failed read or a bad key keeps the old set and logs an error,
 * so a mistake never drops keys.
 *
 * Publish before sign: a new current key is published at once, but the key it replaced keeps signing for the
 * activation delay, long enough for every replica to publish the new key and for a verifier that fetched the keys just
 * before to be allowed its next fetch. So no verifier sees the new kid before it can know it. A key removed from the
 * set altogether (revoked, not retired) stops signing at once.
 */
export class RefreshingKeyRing implements AccessTokenSigner {
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<RefreshOutcome> | undefined;
  private signer: SigningKey;
  private activation: { key: SigningKey; at: number } | undefined;
  private readonly clock: () => number;

  constructor(private published: SigningKeySet, private readonly options: KeyRingOptions) {
    this.signer = published.current;
    this.clock = options.clock ?? Date.now;
  }

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
    if (this.activation && this.clock() >= this.activation.at) {
      this.signer = this.activation.key;
      this.activation = undefined;
      this.options.log.info({ signingKid: this.signer.publicKey.kid }, 'signing key activated');
    }
    return this.signer.sign(claims);
  }

  publicKeys(): { keys: PublicSigningKey[] } {
    return this.published.publicKeys();
  }

  private async reload(): Promise<RefreshOutcome> {
    const { log } = this.options;
    let next: SigningKeySet;
    try {
      next = await SigningKeySet.fromSecrets(await this.options.load());
    } catch (error) {
      log.error({ err: error, publishedKids: kidsOf(this.published), signingKid: this.signer.publicKey.kid }, 'signing key set reload failed; keeping the keys in use');
      return 'failed';
    }
    if (next.sameKeysAs(this.published)) return 'unchanged';
    const droppedKids = kidsOf(this.published).filter((kid) => !next.publishes(kid));
    this.published = next;
    const signingKid = this.signer.publicKey.kid;
    if (next.currentKid !== signingKid && next.publishes(signingKid) && this.options.activationDelayMs > 0) {
      this.activation = { key: next.current, at: this.clock() + this.options.activationDelayMs };
    } else {
      this.signer = next.current;
      this.activation = undefined;
    }
    log.info(
      { publishedKids: kidsOf(next), droppedKids, signingKid: this.signer.publicKey.kid, activatesAt: this.activation && new Date(this.activation.at).toISOString() },
      'signing key set changed',
    );
    return 'changed';
  }
}

const kidsOf = (keys: SigningKeySet): string[] => [keys.currentKid, ...keys.previousKids];
