/** "$1,234.50" from 123450 and "USD": money travels as integer minor units and is only formatted for people. */
export function formatMoney(minorUnits: number, currency: string): string {
  if (!Number.isSafeInteger(minorUnits)) throw new RangeError(`money must be an integer number of minor units, got ${minorUnits}`);
  const format = new Intl.NumberFormat('en-US', { style: 'currency', currency });
  // Minor units per major unit come from the currency (2 for USD, 0 for JPY), not an assumed 100.
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(minorUnits / 10 ** digits);
}
