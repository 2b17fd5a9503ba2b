import { hash } from 'node:crypto';
import type { HashAlgorithm } from './hash-algorithm.js';

/** A parameter ready to sign: its name already uppercased and filtered by the caller's list. */
export interface SignableParameter {
  readonly name: string;
  readonly value: Uint8Array;
}

const EQUALS = 0x3d;

const byCodePoint = (a: SignableParameter, b: SignableParameter): number =>
  a.name < b.name ? -1 : a.name > b.name ? 1 : 0;

/**
 * Ogone's SHA construction (docs/protocol.md §3, steps 4 to 7): drop empty values, sort by name in
 * code-point order, then hash `NAME=value<passphrase>` for every pair, the passphrase after each
 * one, the last included. Returns uppercase hex, as Ogone sends it and expects it.
 *
 * The pre-image is laid out in one buffer of its own (never the shared pool) and hashed in one
 * call, then zeroed, so the passphrase it holds outlives the call nowhere and cannot reach a log.
 * One call instead of four `update`s per pair: each crossing into the hash binding cost more than
 * the bytes it hashed (bench/README.md).
 */
export const computeSignature = (
  parameters: Iterable<SignableParameter>,
  passphrase: string,
  algorithm: HashAlgorithm,
): string => {
  const kept = [...parameters].filter((parameter) => parameter.value.length > 0).sort(byCodePoint);
  const secretLength = Buffer.byteLength(passphrase, 'utf8');
  let length = 0;
  // Names are ASCII (they passed the SHA-OUT or SHA-IN list): one byte per character.
  for (const parameter of kept) {
    length += parameter.name.length + 1 + parameter.value.length + secretLength;
  }
  const preimage = Buffer.allocUnsafeSlow(length);
  try {
    let offset = 0;
    for (const parameter of kept) {
      offset += preimage.write(parameter.name, offset, 'latin1');
      preimage[offset++] = EQUALS;
      preimage.set(parameter.value, offset);
      offset += parameter.value.length;
      offset += preimage.write(passphrase, offset, 'utf8');
    }
    return hash(algorithm, preimage, 'hex').toUpperCase();
  } finally {
    preimage.fill(0);
  }
};
