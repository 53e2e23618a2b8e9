import { formatMoney } from '../../src/domain/money';

describe('formatMoney', () => {
  it.each([
    [0, 'USD', '$0.00'],
    [5, 'USD', '$0.05'],
    [1299, 'USD', '$12.99'],
    [123450, 'USD', '$1,234.50'],
    [100000000, 'USD', '$1,000,000.00'],
    [-250, 'USD', '-$2.50'],
    [1500, 'EUR', '€15.00'],
    [1500, 'JPY', '¥1,500'],
  ])('when %d minor units of %s are formatted, then they read %s', (minorUnits, currency, expected) => {
    const formatted = formatMoney(minorUnits, currency);

    expect(formatted).toBe(expected);
  });

  it('when the amount is not a whole number of minor units, then it is refused', () => {
    const format = () => formatMoney(12.5, 'USD');

    expect(format).toThrow(RangeError);
  });
});
