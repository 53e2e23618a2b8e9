/**
 * Turns what a shopper typed into a Postgres prefix tsquery: "Blu mug!" → "blu:* & mug:*". Only runs of letters and
 * digits survive, so tsquery operators (& | ! ( ) : * < -> ') can never reach the parser; the result is still passed
 * as a bound parameter to to_tsquery, never spliced into SQL.
 */
const WORD = /[\p{L}\p{M}\p{N}]+/gu;
const MAX_WORDS = 10;
const MAX_WORD_LENGTH = 64;

export function searchWords(text: string): string[] {
  const words = (text.normalize('NFKC').toLowerCase().match(WORD) ?? []).map((word) => word.slice(0, MAX_WORD_LENGTH));
  return [...new Set(words)].slice(0, MAX_WORDS);
}

/** undefined when the text holds nothing searchable: the search then does not filter by text at all. */
export function toPrefixTsQuery(text: string | undefined): string | undefined {
  const words = searchWords(text ?? '');
  return words.length === 0 ? undefined : words.map((word) => `${word}:*`).join(' & ');
}
