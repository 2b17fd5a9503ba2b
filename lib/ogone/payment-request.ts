import { OgoneProtocolError } from './errors.js';
import type { HashAlgorithm } from './hash-algorithm.js';
import { isShaInName, type ShaInName } from './sha-in-names.js';
import { computeSignature } from './sign.js';

/** The hosted payment page form: where the browser posts, and every field, SHASIGN included. */
export interface PaymentRequest {
  readonly url: string;
  readonly fields: Readonly<Record<string, string>>;
}

export interface SigningKey {
  readonly passphrase: string;
  readonly algorithm: HashAlgorithm;
}

/**
 * Signs a hosted payment page request with SHA-IN (docs/protocol.md §3.2, §7): empty fields are
 * neither sent nor signed, every name must be on the SHA-IN list, SHASIGN is uppercase hex.
 */
export const signPaymentRequest = (
  url: string,
  fields: Partial<Record<ShaInName, string | undefined>>,
  key: SigningKey,
): PaymentRequest => {
  const sent = Object.entries(fields).filter(
    (entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1] !== '',
  );
  for (const [name] of sent) {
    if (!isShaInName(name)) {
      throw new OgoneProtocolError(`${name} is not a SHA-IN parameter`, { context: { name } });
    }
  }
  const shasign = computeSignature(
    sent.map(([name, value]) => ({ name, value: Buffer.from(value, 'utf8') })),
    key.passphrase,
    key.algorithm,
  );
  return { url, fields: { ...Object.fromEntries(sent), SHASIGN: shasign } };
};
