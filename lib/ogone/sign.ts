import { createHash } from 'node:crypto';
import type { HashAlgorithm } from './hash-algorithm.js';

/** A parameter ready to sign: its name already uppercased and filtered by the caller's list. */
export interface SignableParameter {
  readonly name: string;
  readonly value: Uint8Array;
}

const EQUALS = Buffer.from('=');

const byCodePoint = (a: SignableParameter, b: SignableParameter): number =>
  a.name < b.name ? -1 : a.name > b.name ? 1 : 0;

/**
 * Ogone's SHA construction (docs/protocol.md §3, steps 4 to 7): drop empty values, sort by name in
 * code-point order, then hash `NAME=value<passphrase>` for every pair, the passphrase after each
 * one, the last included. The pre-image is streamed into the hash and never kept, so it cannot
 * reach a log. Returns uppercase hex, as Ogone sends it and expects it.
 */
export const computeSignature = (
  parameters: Iterable<SignableParameter>,
  passphrase: string,
  algorithm: HashAlgorithm,
): string => {
  const kept = [...parameters].filter((parameter) => parameter.value.length > 0).sort(byCodePoint);
  const secret = Buffer.from(passphrase, 'utf8');
  const hash = createHash(algorithm);
  for (const parameter of kept) {
    hash.update(parameter.name, 'latin1');
    hash.update(EQUALS);
    hash.update(parameter.value);
    hash.update(secret);
  }
  return hash.digest('hex').toUpperCase();
};
