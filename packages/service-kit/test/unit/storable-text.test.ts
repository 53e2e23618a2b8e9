import { z } from 'zod';
import { AppError } from '../../src/errors';
import { entityIdParam } from '../../src/http/entity-id-param';
import { toAppError } from '../../src/http/error-middleware';
import { isStorableText, storableText, UNSTORABLE_TEXT_MESSAGE } from '../../src/storable-text';

describe('storable text', () => {
  it.each([
    ['a NUL character', 'Ada\u0000Lovelace'],
    ['only a NUL character', '\u0000'],
    ['a lone high surrogate', 'Ada \uD800'],
    ['a lone low surrogate', '\uDC00 Ada'],
    ['two high surrogates in a row', '\uD83D\uD83D'],
    ['a pair in the wrong order', '\uDE00\uD83D'],
  ])('when a string holds %s, then it is not storable', (_case, value) => {
    expect(isStorableText(value)).toBe(false);
  });

  it.each([
    ['plain ASCII', 'Ada Lovelace'],
    ['accents and other scripts', 'Zoë Ångström, 東京'],
    ['an emoji (a valid surrogate pair)', 'mug \uD83D\uDE00'],
    ['other control characters Postgres stores', 'line one\r\nline two\ttab\u0001'],
    ['the empty string', ''],
  ])('when a string holds %s, then it is storable', (_case, value) => {
    expect(isStorableText(value)).toBe(true);
  });

  it('when a request schema built on storableText meets NUL or a lone surrogate, then it is a 400 naming the field', () => {
    const body = z.object({ name: storableText().trim().min(1).max(100), line2: storableText().optional() });

    const results = [body.safeParse({ name: 'Ada\u0000' }), body.safeParse({ name: 'Ada', line2: '\uD800' })];

    const problems = results.map((result) => toAppError(result.error));
    expect(problems.map((problem) => problem.status)).toEqual([400, 400]);
    expect(problems.map((problem) => problem.fieldErrors)).toEqual([
      [{ path: 'name', message: UNSTORABLE_TEXT_MESSAGE }],
      [{ path: 'line2', message: UNSTORABLE_TEXT_MESSAGE }],
    ]);
  });

  it('when the value is storable, then the checks chained after storableText still apply and transform', () => {
    const name = storableText().trim().min(1).max(5);

    expect(name.parse('  Ada  ')).toBe('Ada');
    expect(name.safeParse('   ').success).toBe(false);
    expect(name.safeParse('Lovelace').success).toBe(false);
  });
});

describe('entity id path parameters', () => {
  const notFound = (id: string) => AppError.notFound(`thing ${id} does not exist`);

  it('when the parameter is a uuid in any letter case, then it comes back canonical (lower-case)', () => {
    expect(entityIdParam('3F2504E0-4F89-41D3-9A0C-0305E82C3301', notFound)).toBe('3f2504e0-4f89-41d3-9a0c-0305e82c3301');
  });

  it.each([
    ['a number', '42'],
    ['a word', 'not-a-uuid'],
    ['NUL', '\u0000'],
    ['CRLF', '\r\n'],
    ['a uuid followed by NUL', '3f2504e0-4f89-41d3-9a0c-0305e82c3301\u0000'],
    ['a lone surrogate', '\uD800'],
    ['nothing', undefined],
  ])('when the parameter is %s, then the caller\'s not-found answers it', (_case, raw) => {
    const refusal = thrownBy(() => entityIdParam(raw, notFound));

    expect(refusal).toBeInstanceOf(AppError);
    expect(refusal).toMatchObject({ status: 404 });
  });
});

function thrownBy(act: () => unknown): unknown {
  try {
    act();
  } catch (error) {
    return error;
  }
  return undefined;
}
