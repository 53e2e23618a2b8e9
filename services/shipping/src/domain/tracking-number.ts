import { randomInt } from 'node:crypto';

export const TRACKING_PREFIX = 'SHOP-';
export const TRACKING_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
export const TRACKING_LENGTH = 16;
export const TRACKING_NUMBER_PATTERN = /^SHOP-[A-Z0-9]{16}$/;

/** Random draws in [0, alphabet size); injectable so the rule is testable without guessing at randomness. */
export type RandomIndex = (size: number) => number;

/**
 * `SHOP-` + 16 of 36 symbols (~82 bits): unguessable, because the number is shown to customers and carriers, and
 * collisions are left to the UNIQUE column. randomInt is unbiased, unlike a byte taken modulo 36.
 */
export function newTrackingNumber(randomIndex: RandomIndex = randomInt): string {
  let symbols = '';
  for (let i = 0; i < TRACKING_LENGTH; i += 1) symbols += TRACKING_ALPHABET[randomIndex(TRACKING_ALPHABET.length)];
  return TRACKING_PREFIX + symbols;
}
