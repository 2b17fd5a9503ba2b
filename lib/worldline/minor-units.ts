import { canonicalDecimal } from '../transactions/decimal.js';
import { ISO_4217_CURRENCIES } from '../transactions/iso-codes.js';

/**
 * Worldline Direct's `amountOfMoney.amount` is an integer in the currency's minor unit, with the
 * ISO 4217 exponent (docs/worldline.md, "Amounts"), unlike Ogone's AMOUNT, which is always ×100.
 * Registered amounts are decimal strings in major units, so events are converted to those.
 */
const words = (text: string): ReadonlySet<string> => new Set(text.trim().split(/\s+/));

/** ISO 4217 minor unit 0, among the codes of iso-codes.ts. */
const NO_DECIMALS = words('BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX VND VUV XAF XOF XPF');

/** ISO 4217 minor unit 3. */
const THREE_DECIMALS = words('BHD IQD JOD KWD LYD OMR TND');

/** ISO 4217 gives these no minor unit at all: no amount in them can be read. */
const NO_MINOR_UNIT = words('XDR');

/** The number of decimals of a currency's minor unit; undefined when unknown or undefined. */
export const currencyExponent = (currency: string): number | undefined => {
  if (!ISO_4217_CURRENCIES.has(currency) || NO_MINOR_UNIT.has(currency)) return undefined;
  if (NO_DECIMALS.has(currency)) return 0;
  if (THREE_DECIMALS.has(currency)) return 3;
  return 2;
};

/**
 * Minor units to the canonical decimal string of lib/transactions/decimal.ts, by digits, never
 * by division: 58680 EUR is "586.8", 1500 KWD is "1.5", 1000 JPY is "1000".
 */
export const minorToDecimal = (minor: number, currency: string): string | undefined => {
  const exponent = currencyExponent(currency);
  if (exponent === undefined || !Number.isSafeInteger(minor) || minor < 0) return undefined;
  if (exponent === 0) return String(minor);
  const digits = String(minor).padStart(exponent + 1, '0');
  return canonicalDecimal(`${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`);
};

/**
 * A decimal string in major units to Worldline's integer minor units, for requests to the
 * Payments API. Undefined for more decimals than the currency has, or past exact integers.
 */
export const decimalToMinor = (decimal: string, currency: string): number | undefined => {
  const exponent = currencyExponent(currency);
  const canonical = canonicalDecimal(decimal);
  if (exponent === undefined || canonical === undefined) return undefined;
  const [whole, fraction = ''] = canonical.split('.') as [string, string?];
  if (fraction.length > exponent) return undefined;
  const minor = Number(`${whole}${fraction.padEnd(exponent, '0')}`);
  return Number.isSafeInteger(minor) ? minor : undefined;
};
