/** Decimal amounts as strings, compared and converted without floats (docs/protocol.md §8). */

const DECIMAL = /^(0|[1-9][0-9]*)(?:\.([0-9]+))?$/;

/**
 * The canonical text of a non-negative decimal: no trailing fractional zeros, no lone point, so
 * that `15`, `15.0` and `15.00` are one value and string equality is decimal equality. Returns
 * undefined for anything that is not a plain decimal (signs, exponents, spaces, commas).
 */
export const canonicalDecimal = (text: string): string | undefined => {
  const match = DECIMAL.exec(text);
  if (match === null) return undefined;
  const fraction = (match[2] ?? '').replace(/0+$/, '');
  return fraction === '' ? (match[1] as string) : `${match[1]}.${fraction}`;
};

/** Exact equality of two decimal strings; false when either is not a decimal. */
export const sameDecimal = (a: string | undefined, b: string | undefined): boolean => {
  if (a === undefined || b === undefined) return false;
  const left = canonicalDecimal(a);
  return left !== undefined && left === canonicalDecimal(b);
};

/**
 * Major units to Ogone's AMOUNT, always ×100 (docs/protocol.md §7): digit arithmetic on the
 * string, so 586.80 is 58680 and never 58679. Undefined for more than two decimals.
 */
export const toMinorUnits = (text: string): string | undefined => {
  const canonical = canonicalDecimal(text);
  if (canonical === undefined) return undefined;
  const [whole, fraction = ''] = canonical.split('.') as [string, string?];
  if (fraction.length > 2) return undefined;
  const minor = `${whole}${fraction.padEnd(2, '0')}`.replace(/^0+(?=[0-9])/, '');
  return minor;
};
