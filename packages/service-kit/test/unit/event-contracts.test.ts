import path from 'node:path';
import { ContractViolation, EventContracts } from '../../src/events/contracts';
import { unstorableTextPaths } from '../../src/storable-text';

const contracts = new EventContracts(path.join(__dirname, '../../../../contracts/events'));
const registration = (fields: Record<string, unknown> = {}) => ({
  userId: '3f1c2b7e-8a2d-4c1e-9f0a-1b2c3d4e5f60',
  email: 'ada@example.com',
  name: 'Ada',
  registeredAt: '2026-11-24T20:49:50.120Z',
  ...fields,
});

function violationOf(data: unknown): ContractViolation | undefined {
  try {
    contracts.assertValid('user.registered', data);
  } catch (error) {
    if (error instanceof ContractViolation) return error;
    throw error;
  }
  return undefined;
}

describe('event contracts and text the databases cannot store', () => {
  it('when an event matches its schema and its text is storable, then it is valid', () => {
    expect(violationOf(registration({ name: 'Zoë \uD83D\uDE00' }))).toBeUndefined();
  });

  it.each([
    ['a NUL character', 'Ada\u0000'],
    ['a lone surrogate', 'Ada\uD800'],
  ])('when a string of the data holds %s, then the event breaks its contract, naming where', (_case, name) => {
    const violation = violationOf(registration({ name }));

    expect(violation?.problems).toEqual(['/name must not contain NUL characters or unpaired UTF-16 surrogates']);
  });

  it('when unstorable text hides in nested values and keys, then every place is named as a JSON pointer', () => {
    const paths = unstorableTextPaths({ address: { city: 'Berlin\u0000', lines: ['ok', '\uDC00'] }, 'k\u0000ey': 1, 'a/b': 'fine' });

    expect(paths).toEqual(['/address/city', '/address/lines/1', '/k\u0000ey']);
  });
});
