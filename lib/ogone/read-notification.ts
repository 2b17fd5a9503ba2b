import { SIGNATURE_FAILURES, SignatureVerificationError } from './errors.js';
import type { HashAlgorithm } from './hash-algorithm.js';
import { type OgoneNotification, toNotification } from './notification.js';
import { parseParameters } from './parse-parameters.js';
import { collectSignedParameters } from './signed-parameters.js';
import { verifySignature } from './verify.js';

/** The raw bytes of one request to the feedback URL: Ogone may use either part, or both. */
export interface FeedbackRequest {
  readonly query: Uint8Array;
  readonly body: Uint8Array;
}

export interface VerificationKeys {
  /** Current passphrase first; the previous one follows while a rotation is under way. */
  readonly passphrases: readonly string[];
  readonly algorithm: HashAlgorithm;
  /** Accepted too while an algorithm switch in Ogone's back office settles (docs/deploy.md). */
  readonly previousAlgorithm?: HashAlgorithm;
}

/**
 * Request bytes to a verified notification, in the order that keeps forgeries harmless: parse,
 * refuse ambiguity, verify, and only then read any field. Throws MalformedParametersError (400)
 * or SignatureVerificationError (403); nothing before this point may touch storage.
 */
export const readVerifiedNotification = (
  request: FeedbackRequest,
  keys: VerificationKeys,
): OgoneNotification => {
  const signed = collectSignedParameters([
    parseParameters(request.query),
    parseParameters(request.body),
  ]);
  if (signed.shasign === undefined || signed.shasign === '') {
    throw new SignatureVerificationError(SIGNATURE_FAILURES.missing);
  }
  if (
    !verifySignature(
      signed.parameters,
      signed.shasign,
      keys.passphrases,
      keys.algorithm,
      keys.previousAlgorithm,
    )
  ) {
    throw new SignatureVerificationError(SIGNATURE_FAILURES.mismatch);
  }
  return toNotification(signed);
};
