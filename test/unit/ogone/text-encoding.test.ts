import { describe, expect, it } from 'vitest';
import { decodeText } from '../../../lib/ogone/decode-text.js';
import { SignatureVerificationError } from '../../../lib/ogone/errors.js';
import { readVerifiedNotification } from '../../../lib/ogone/read-notification.js';
import { EMPTY, formBytes } from '../../support/form.js';
import { independentSign } from '../../support/independent-signer.js';

const PASSPHRASE = 'Encoding-test-passphrase-26';
const KEYS = { passphrases: [PASSPHRASE], algorithm: 'sha512' as const };
const BASE = { orderID: 'R-1', STATUS: '9', amount: '15.1', currency: 'EUR' };

describe('received bytes and stored text', () => {
  it('a UTF-8 card holder (Jérôme) verifies over its UTF-8 bytes and is stored as Jérôme', () => {
    const params = { ...BASE, CN: Buffer.from('Jérôme', 'utf8') };
    const query = formBytes({ ...params, SHASIGN: independentSign(params, PASSPHRASE, 'sha512') });
    expect(query.toString('latin1')).toContain('CN=J%C3%A9r%C3%B4me');
    const notification = readVerifiedNotification({ query, body: EMPTY }, KEYS);
    expect(notification.cardHolder).toBe('Jérôme');
    expect(notification.cardHolder?.charAt(1)).toBe('é');
  });

  it('an ISO-8859-1 card holder (%E9 as one byte) verifies over the byte and is stored as é', () => {
    const params = { ...BASE, CN: Buffer.from([0x4a, 0xe9, 0x72, 0xf4, 0x6d, 0x65]) };
    const query = formBytes({ ...params, SHASIGN: independentSign(params, PASSPHRASE, 'sha512') });
    expect(query.toString('latin1')).toContain('CN=J%E9r%F4me');
    const notification = readVerifiedNotification({ query, body: EMPTY }, KEYS);
    expect(notification.cardHolder).toBe('Jérôme');
  });

  it('hashes the bytes as received: an ISO-8859-1 value signed as UTF-8 does not verify', () => {
    const utf8Signed = independentSign({ ...BASE, CN: 'Jérôme' }, PASSPHRASE, 'sha512');
    const latin1 = Buffer.from('Jérôme', 'latin1');
    const query = formBytes({ ...BASE, CN: latin1, SHASIGN: utf8Signed });
    expect(() => readVerifiedNotification({ query, body: EMPTY }, KEYS)).toThrow(
      SignatureVerificationError,
    );
  });

  it('accepts raw (not percent-encoded) UTF-8 bytes in a form body', () => {
    const params = { ...BASE, CN: 'Zoë Ørsted’s' };
    const shasign = independentSign(params, PASSPHRASE, 'sha512');
    const body = Buffer.from(
      `orderID=R-1&STATUS=9&amount=15.1&currency=EUR&CN=Zoë Ørsted’s&SHASIGN=${shasign}`,
      'utf8',
    );
    const notification = readVerifiedNotification({ query: EMPTY, body }, KEYS);
    expect(notification.cardHolder).toBe('Zoë Ørsted’s');
  });

  it('decodeText reads valid UTF-8 as UTF-8', () => {
    expect(decodeText(Buffer.from('Jérôme ’', 'utf8'))).toBe('Jérôme ’');
  });

  it('decodeText falls back to ISO-8859-1 for bytes that are not UTF-8', () => {
    expect(decodeText(Uint8Array.from([0x4a, 0xe9, 0x72, 0xf4, 0x6d, 0x65]))).toBe('Jérôme');
    expect(decodeText(Uint8Array.from([0xff]))).toBe('ÿ');
  });

  it('decodeText reads plain ASCII unchanged, and nothing as the empty string', () => {
    expect(decodeText(Buffer.from('XXXXXXXXXXXX1111'))).toBe('XXXXXXXXXXXX1111');
    expect(decodeText(new Uint8Array(0))).toBe('');
  });
});
