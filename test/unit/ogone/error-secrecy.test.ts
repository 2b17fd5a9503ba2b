import { describe, expect, it } from 'vitest';
import { mapError, renderError } from '../../../lib/http/error-response.js';
import { readVerifiedNotification } from '../../../lib/ogone/read-notification.js';
import { EMPTY, formBytes } from '../../support/form.js';
import { independentSign } from '../../support/independent-signer.js';

const PASSPHRASE = 'Do-Not-Leak-Passphrase-7731';
const PREVIOUS = 'Do-Not-Leak-Previous-Passphrase-4410';
const KEYS = { passphrases: [PASSPHRASE, PREVIOUS], algorithm: 'sha512' as const };
const PARAMS = { orderID: 'R-1', STATUS: '9', amount: '15.1', currency: 'EUR', CN: 'Card Holder' };

const thrown = (run: () => unknown): unknown => {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to throw');
};

/** Everything about an error that could reach a log line or an HTTP body. */
const everythingAbout = (error: unknown): string => {
  const e = error as Error & { context?: unknown };
  const mapping = mapError(error);
  return [
    String(error),
    e.message,
    e.stack ?? '',
    JSON.stringify(e.context ?? {}),
    JSON.stringify(error),
    JSON.stringify(renderError(mapping, 'text')),
    JSON.stringify(renderError(mapping, 'json')),
  ].join('\n');
};

const secretsOf = (expected: string[]): string[] => [
  PASSPHRASE,
  PREVIOUS,
  ...expected.flatMap((signature) => [signature, signature.toLowerCase(), signature.slice(0, 16)]),
];

describe('errors never carry secrets', () => {
  it('a mismatch names neither a passphrase nor an expected signature', () => {
    const expected = [
      independentSign(PARAMS, PASSPHRASE, 'sha512'),
      independentSign(PARAMS, PREVIOUS, 'sha512'),
    ];
    const wrong = independentSign(PARAMS, 'attacker-guess', 'sha512');
    const error = thrown(() =>
      readVerifiedNotification(
        { query: formBytes({ ...PARAMS, SHASIGN: wrong }), body: EMPTY },
        KEYS,
      ),
    );
    const text = everythingAbout(error);
    expect(text).toContain('SHASIGN');
    for (const secret of secretsOf(expected)) expect(text).not.toContain(secret);
  });

  it('a missing signature names no passphrase', () => {
    const error = thrown(() =>
      readVerifiedNotification({ query: formBytes(PARAMS), body: EMPTY }, KEYS),
    );
    const expected = [independentSign(PARAMS, PASSPHRASE, 'sha512')];
    const text = everythingAbout(error);
    for (const secret of secretsOf(expected)) expect(text).not.toContain(secret);
  });

  it('a missing field names neither a passphrase, the signature nor a value', () => {
    const params = { STATUS: '9', CN: 'Card Holder' };
    const shasign = independentSign(params, PASSPHRASE, 'sha512');
    const error = thrown(() =>
      readVerifiedNotification(
        { query: formBytes({ ...params, SHASIGN: shasign }), body: EMPTY },
        KEYS,
      ),
    );
    const text = everythingAbout(error);
    expect(text).toContain('ORDERID');
    for (const secret of [...secretsOf([shasign]), 'Card Holder'])
      expect(text).not.toContain(secret);
  });

  it('a duplicate names the parameter but not the passphrase or signature', () => {
    const shasign = independentSign(PARAMS, PASSPHRASE, 'sha512');
    const query = formBytes([
      ...Object.entries(PARAMS),
      ['SHASIGN', shasign],
      ['shasign', shasign],
    ]);
    const text = everythingAbout(
      thrown(() => readVerifiedNotification({ query, body: EMPTY }, KEYS)),
    );
    for (const secret of secretsOf([shasign])) expect(text).not.toContain(secret);
  });
});
