import { timingSafeEqual } from 'node:crypto';
import { type HashAlgorithm, HEX_LENGTH } from './hash-algorithm.js';
import { computeSignature, type SignableParameter } from './sign.js';

const HEX = /^[0-9A-F]+$/;

/**
 * Checks a received SHASIGN against every accepted passphrase (the current one, then the previous
 * one while a rotation is under way). Ogone sends uppercase hex and older integrations lowercase,
 * so the comparison ignores case; it runs in constant time over equal lengths and answers only a
 * boolean, so nothing about the expected value can escape.
 */
export const verifySignature = (
  parameters: readonly SignableParameter[],
  received: string,
  passphrases: readonly string[],
  algorithm: HashAlgorithm,
): boolean => {
  const normalized = received.toUpperCase();
  if (normalized.length !== HEX_LENGTH[algorithm] || !HEX.test(normalized)) return false;
  const actual = Buffer.from(normalized, 'latin1');
  for (const passphrase of passphrases) {
    const expected = Buffer.from(computeSignature(parameters, passphrase, algorithm), 'latin1');
    if (timingSafeEqual(expected, actual)) return true;
  }
  return false;
};
