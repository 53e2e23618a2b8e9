import { searchWords, toPrefixTsQuery } from '../../src/domain/search-query';

describe('toPrefixTsQuery', () => {
  it('when the text has several words, then each becomes a lower-case prefix term and all are required', () => {
    const query = toPrefixTsQuery('Blu MUG');

    expect(query).toBe('blu:* & mug:*');
  });

  it('when the text holds tsquery operators, then they are stripped and only the words remain', () => {
    const query = toPrefixTsQuery("mug & !tea | (cup:*) <-> 'x' \\ ; drop");

    expect(query).toBe('mug:* & tea:* & cup:* & x:* & drop:*');
  });

  it('when the text has nothing but punctuation, then there is no text query', () => {
    const query = toPrefixTsQuery(" &|!():*<-> '' ");

    expect(query).toBeUndefined();
  });

  it('when the text is empty or absent, then there is no text query', () => {
    expect(toPrefixTsQuery('')).toBeUndefined();
    expect(toPrefixTsQuery(undefined)).toBeUndefined();
  });

  it('when a sku with dashes is searched, then its parts become separate prefix terms', () => {
    const query = toPrefixTsQuery('MUG-BLUE-001');

    expect(query).toBe('mug:* & blue:* & 001:*');
  });

  it('when words carry accents or other scripts, then they are kept as words', () => {
    const words = searchWords('Café Crème 東京');

    expect(words).toEqual(['café', 'crème', '東京']);
  });

  it('when a word repeats or there are very many words, then duplicates are dropped and at most ten are kept', () => {
    const words = searchWords('mug Mug MUG a b c d e f g h i j k');

    expect(words).toEqual(['mug', 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i']);
  });
});
