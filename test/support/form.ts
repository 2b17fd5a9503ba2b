/**
 * A plain `application/x-www-form-urlencoded` encoder for building test requests byte by byte,
 * sharing no code with lib/ogone/parse-parameters.ts.
 */
export type FormValue = string | Uint8Array;
export type FormPairs = readonly (readonly [string, FormValue])[];

export type SpaceEncoding = 'percent' | 'plus';

const UNRESERVED = /^[A-Za-z0-9\-_.~]$/;

const toBytes = (value: FormValue): Buffer =>
  typeof value === 'string' ? Buffer.from(value, 'utf8') : Buffer.from(value);

/** Percent-encodes the bytes of `value` (strings as UTF-8); a space as `%20` or `+`. */
export const percentEncode = (value: FormValue, spaces: SpaceEncoding = 'percent'): string => {
  let out = '';
  for (const byte of toBytes(value)) {
    const char = String.fromCharCode(byte);
    if (byte === 0x20 && spaces === 'plus') out += '+';
    else if (UNRESERVED.test(char)) out += char;
    else out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
};

const entriesOf = (pairs: FormPairs | Readonly<Record<string, FormValue>>): FormPairs =>
  Array.isArray(pairs) ? (pairs as FormPairs) : Object.entries(pairs);

/** The form bytes of `pairs`, in the given order (objects in insertion order). */
export const formBytes = (
  pairs: FormPairs | Readonly<Record<string, FormValue>>,
  spaces: SpaceEncoding = 'percent',
): Buffer =>
  Buffer.from(
    entriesOf(pairs)
      .map(([name, value]) => `${percentEncode(name, spaces)}=${percentEncode(value, spaces)}`)
      .join('&'),
    'latin1',
  );

export const EMPTY = new Uint8Array(0);
