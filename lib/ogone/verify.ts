import { timingSafeEqual } from 'node:crypto';
import { type HashAlgorithm, HEX_LENGTH } from './hash-algorithm.js';
import { computeSignature, type SignableParameter } from './sign.js';

const HEX = /^[0-9A-F]+$/;

/**
 * Checks a received SHASIGN against every accepted passphrase (the current one, then the previous
 * one while a rotation is under way) with every accepted algorithm (the current one, then the
 * previous one while an algorithm switch settles). Ogone sends uppercase hex and older
 * integrations lowercase, so the comparison ignores case; it runs in constant time over equal
 * lengths and answers only a boolean, so nothing about the expected value can escape. An
 * algorithm whose digest has another length than the one received is never computed.
 */
export const verifySignature = (
  parameters: readonly SignableParameter[],
  received: string,
  passphrases: readonly string[],
  algorithm: HashAlgorithm,
  previousAlgorithm?: HashAlgorithm,
): boolean => {
  const normalized = received.toUpperCase();
  if (!HEX.test(normalized)) return false;
  const actual = Buffer.from(normalized, 'latin1');
  const algorithms = previousAlgorithm === undefined ? [algorithm] : [algorithm, previousAlgorithm];
  for (const candidate of algorithms) {
    if (normalized.length !== HEX_LENGTH[candidate]) continue;
    for (const passphrase of passphrases) {
      const expected = Buffer.from(computeSignature(parameters, passphrase, candidate), 'latin1');
      if (timingSafeEqual(expected, actual)) return true;
    }
  }
  return false;
};
