import { SHA_OUT_NAMES } from '../../lib/ogone/sha-out-names.js';
import { typicalFeedbackParams } from '../../scripts/lib/typical-feedback.js';
import { independentSign } from './independent-signer.js';

const SIGNED: ReadonlySet<string> = new Set(SHA_OUT_NAMES);

/** A typical Ogone feedback (docs/protocol.md §2), shared with the bench. */
export const feedbackParams = typicalFeedbackParams;

/** Form-encodes params and appends SHASIGN computed by the independent signer. */
export const signedForm = (
  params: Record<string, string>,
  passphrase: string,
  algorithm: 'sha1' | 'sha256' | 'sha512' = 'sha512',
): string => {
  const shasign = independentSign(params, passphrase, algorithm, SIGNED);
  return new URLSearchParams({ ...params, SHASIGN: shasign }).toString();
};
