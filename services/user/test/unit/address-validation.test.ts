import { AppError } from '@shop/service-kit';
import { AddressPatchBody, addressIdOf, NewAddressBody } from '../../src/api/request-bodies';

const anAddress = (fields: Record<string, unknown> = {}): Record<string, unknown> => ({ line1: 'Unter den Linden 1', city: 'Berlin', postalCode: '10117', country: 'DE', ...fields });

describe('address validation', () => {
  it('when a new address has no second line, then it is stored as null', () => {
    expect(NewAddressBody.parse(anAddress())).toEqual({ ...anAddress(), line2: null });
  });

  it('when the second line is empty, then it means none', () => {
    expect(NewAddressBody.parse(anAddress({ line2: '  ' })).line2).toBeNull();
  });

  it('when the country is lower case, then it is upper-cased', () => {
    expect(NewAddressBody.parse(anAddress({ country: 'fr' })).country).toBe('FR');
  });

  it.each([['DEU'], ['D'], ['D1'], [''], [49]])('when the country is %j, then it is refused on the country field', (country) => {
    const result = NewAddressBody.safeParse(anAddress({ country }));

    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['country']);
  });

  it.each([['line1'], ['city'], ['postalCode'], ['country']])('when %s is missing, then the new address is refused', (field) => {
    const { [field]: _removed, ...incomplete } = anAddress();

    expect(NewAddressBody.safeParse(incomplete).success).toBe(false);
  });

  it('when an address body names an id or an owner, then they are dropped', () => {
    const parsed = NewAddressBody.parse(anAddress({ id: 'x', userId: 'someone-else', user_id: 'someone-else' }));

    expect(parsed).toEqual({ ...anAddress(), line2: null });
  });

  it('when a patch names one field, then only that field is in it', () => {
    expect(AddressPatchBody.parse({ city: ' Hamburg ', userId: 'x' })).toEqual({ city: 'Hamburg' });
  });

  it('when a patch clears the second line, then it carries null', () => {
    expect(AddressPatchBody.parse({ line2: null })).toEqual({ line2: null });
  });

  it('when an address id is not a uuid, then it is reported as not found', () => {
    expect(() => addressIdOf('42')).toThrow(expect.objectContaining({ status: 404 }) as AppError);
    expect(addressIdOf('3f1c2b7e-8a2d-4c1e-9f0a-1b2c3d4e5f60')).toBe('3f1c2b7e-8a2d-4c1e-9f0a-1b2c3d4e5f60');
  });
});
