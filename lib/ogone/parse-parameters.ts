import { MALFORMED_REASONS, MalformedParametersError } from './errors.js';

/** One `name=value` pair as received: the value stays bytes until stored (docs/protocol.md §3). */
export interface RawParameter {
  readonly name: string;
  readonly value: Buffer;
}

const PERCENT = 0x25;
const PLUS = 0x2b;
const SPACE = 0x20;
const AMPERSAND = 0x26;
const EQUALS = 0x3d;

const hexValue = (byte: number | undefined): number => {
  if (byte === undefined) return -1;
  if (byte >= 0x30 && byte <= 0x39) return byte - 0x30;
  if (byte >= 0x41 && byte <= 0x46) return byte - 0x37;
  if (byte >= 0x61 && byte <= 0x66) return byte - 0x57;
  return -1;
};

/**
 * Percent-decodes to bytes, `+` as a space. Ogone's ISO-8859-1 payment methods send `%E9`, which
 * `decodeURIComponent` would reject, so no text decoder runs here.
 */
const percentDecode = (input: Uint8Array, start: number, end: number): Buffer => {
  const out = Buffer.allocUnsafe(end - start);
  let length = 0;
  for (let i = start; i < end; i++) {
    const byte = input[i] as number;
    if (byte === PERCENT) {
      const high = hexValue(input[i + 1]);
      const low = hexValue(input[i + 2]);
      if (high < 0 || low < 0 || i + 2 >= end) {
        throw new MalformedParametersError(
          MALFORMED_REASONS.brokenEncoding,
          'The request contains a broken percent-encoding',
          { offset: i },
        );
      }
      out[length++] = high * 16 + low;
      i += 2;
    } else {
      out[length++] = byte === PLUS ? SPACE : byte;
    }
  }
  return out.subarray(0, length);
};

/**
 * Splits an `application/x-www-form-urlencoded` byte string (a query string or a form body) into
 * its pairs, in order, keeping repeats so that the caller can reject ambiguous requests.
 */
export const parseParameters = (input: Uint8Array): RawParameter[] => {
  const parameters: RawParameter[] = [];
  let start = 0;
  while (start <= input.length) {
    let end = input.indexOf(AMPERSAND, start);
    if (end === -1) end = input.length;
    if (end > start) {
      let equals = input.indexOf(EQUALS, start);
      if (equals === -1 || equals > end) equals = end;
      // Names are ASCII in Ogone's protocol; latin1 maps any other byte to one character, so a
      // stray byte in a name can never throw, and such a name is on no signed list anyway.
      const name = percentDecode(input, start, equals).toString('latin1');
      const value = equals < end ? percentDecode(input, equals + 1, end) : Buffer.alloc(0);
      parameters.push({ name, value });
    }
    start = end + 1;
  }
  return parameters;
};
