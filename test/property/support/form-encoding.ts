/**
 * A byte-exact application/x-www-form-urlencoded encoder for property tests, written from the
 * format's rules and sharing no code with lib/ogone: every byte may be spelled raw (when that is
 * unambiguous) or as %XX in either letter case, and a space as `+`, `%20` or a raw space. A
 * seeded choice stream picks the spelling, so one generated case is reproducible.
 */

import { mulberry32 } from '../../support/seeded-random.js';

const PERCENT = 0x25;
const AMPERSAND = 0x26;
const PLUS = 0x2b;
const EQUALS = 0x3d;
const SPACE = 0x20;

/** Bytes that a form parser reads as syntax, so they must be escaped to mean themselves. */
const SYNTAX: ReadonlySet<number> = new Set([PERCENT, AMPERSAND, PLUS, EQUALS]);

export type Choice = (options: number) => number;

/** Seeded picks among `options` spellings. */
export const seededChoice = (seed: number): Choice => {
  const next = mulberry32(seed);
  return (options) => Math.floor(next() * options);
};

const percentEscape = (byte: number, choice: Choice): number[] => {
  const hex = byte.toString(16).padStart(2, '0');
  const spelled = choice(2) === 0 ? hex.toUpperCase() : hex.toLowerCase();
  return [PERCENT, spelled.charCodeAt(0), spelled.charCodeAt(1)];
};

/** One name or value, as bytes that decode back to exactly `bytes`. */
export const encodeToken = (bytes: Uint8Array, choice: Choice): number[] => {
  const out: number[] = [];
  for (const byte of bytes) {
    if (byte === SPACE) {
      const spelling = choice(3);
      if (spelling === 0) out.push(PLUS);
      else if (spelling === 1) out.push(...percentEscape(byte, choice));
      else out.push(SPACE);
    } else if (SYNTAX.has(byte) || choice(2) === 0) {
      out.push(...percentEscape(byte, choice));
    } else {
      out.push(byte);
    }
  }
  return out;
};

export interface EncodedPair {
  readonly name: Uint8Array;
  readonly value: Uint8Array;
  /** Appended to the encoded value (or name) as is: how broken escapes are injected. */
  readonly suffix?: { readonly to: 'name' | 'value'; readonly bytes: string } | undefined;
}

/** Pairs to one form, always with `=`, optionally with empty segments (`&&`) that parsers skip. */
export const encodeForm = (
  pairs: readonly EncodedPair[],
  choice: Choice,
  emptySegments = false,
): Buffer => {
  const out: number[] = [];
  pairs.forEach((pair, index) => {
    if (index > 0) out.push(AMPERSAND);
    if (emptySegments && choice(4) === 0) out.push(AMPERSAND);
    out.push(...encodeToken(pair.name, choice));
    if (pair.suffix?.to === 'name') out.push(...Buffer.from(pair.suffix.bytes, 'latin1'));
    out.push(EQUALS);
    out.push(...encodeToken(pair.value, choice));
    if (pair.suffix?.to === 'value') out.push(...Buffer.from(pair.suffix.bytes, 'latin1'));
  });
  return Buffer.from(out);
};

/** docs/protocol.md §3 step 2, ASCII only: no Unicode case mapping may create a signed name. */
export const upperAscii = (name: string): string =>
  name.replace(/[a-z]/g, (letter) => letter.toUpperCase());

/** Stored text of a value (docs/protocol.md §3, "Encoding"): UTF-8 when valid, else ISO-8859-1. */
export const storedText = (bytes: Uint8Array): string => {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return Buffer.from(bytes).toString('latin1');
  }
};
