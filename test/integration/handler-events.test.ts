import { beforeAll, describe, expect, it } from 'vitest';
import { handler as feedback } from '../../handlers/feedback.js';
import { handler as register } from '../../handlers/register-transaction.js';
import { httpApiEvent } from '../support/api-events.js';
import { feedbackParams, signedForm } from '../support/feedback-requests.js';
import {
  callHandler,
  readThroughHandler,
  registerThroughHandler,
} from '../support/handler-calls.js';
import { useHandlerEnvironment } from '../support/handler-environment.js';
import { createLocalTable } from '../support/local-table.js';

/**
 * The handlers with the event shapes that only the real HTTP API produces (serverless-offline
 * never base64-encodes a body), against DynamoDB Local.
 */
const PASSPHRASE = 'handler-events-passphrase-0123';

beforeAll(async () => {
  const table = await createLocalTable('handlers');
  useHandlerEnvironment(table, {
    OGONE_SHA_OUT_PASSPHRASE: PASSPHRASE,
    OGONE_SHA_IN_PASSPHRASE: 'handler-events-sha-in-0123456',
  });
});

describe('feedback handler with API Gateway event shapes', () => {
  it('reads a base64-encoded form body (the real HTTP API)', async () => {
    await registerThroughHandler('H-B64');
    const form = signedForm(feedbackParams('H-B64', '9'), PASSPHRASE);
    const response = await callHandler(
      feedback,
      httpApiEvent('POST', '/payment/ogone/return', {
        body: Buffer.from(form).toString('base64'),
        isBase64Encoded: true,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      }),
    );
    expect(response.statusCode).toBe(200);
    expect((await readThroughHandler('H-B64')).state).toBe('paid');
  });

  it('verifies an ISO-8859-1 body sent base64-encoded, byte for byte', async () => {
    await registerThroughHandler('H-LATIN1');
    const params = feedbackParams('H-LATIN1', '9', { CN: 'Ren\u00e9 M\u00fcller' });
    const { independentSign } = await import('../support/independent-signer.js');
    const { SHA_OUT_NAMES } = await import('../../lib/ogone/sha-out-names.js');
    const latin1 = Object.fromEntries(
      Object.entries(params).map(([k, v]) => [k, Buffer.from(v, 'latin1')]),
    );
    const shasign = independentSign(latin1, PASSPHRASE, 'sha512', new Set(SHA_OUT_NAMES));
    const body = `${Object.entries(params)
      .map(([k, v]) => `${k}=${escape(v)}`)
      .join('&')}&SHASIGN=${shasign}`;
    expect(body).toContain('%E9');
    const response = await callHandler(
      feedback,
      httpApiEvent('POST', '/payment/ogone/return', {
        body: Buffer.from(body).toString('base64'),
        isBase64Encoded: true,
      }),
    );
    expect(response.statusCode).toBe(200);
    expect((await readThroughHandler('H-LATIN1')).state).toBe('paid');
  });

  it('reads a GET with no Content-Type and no body', async () => {
    await registerThroughHandler('H-GET');
    const response = await callHandler(
      feedback,
      httpApiEvent('GET', '/payment/ogone/return', {
        rawQueryString: signedForm(feedbackParams('H-GET', '5'), PASSPHRASE),
      }),
    );
    expect(response.statusCode).toBe(200);
    expect((await readThroughHandler('H-GET')).state).toBe('authorized');
  });

  it('refuses a signed name given in both query and body, writing nothing', async () => {
    await registerThroughHandler('H-DUP');
    const form = signedForm(feedbackParams('H-DUP', '9'), PASSPHRASE);
    const response = await callHandler(
      feedback,
      httpApiEvent('POST', '/payment/ogone/return', {
        rawQueryString: 'STATUS=9',
        body: form,
      }),
    );
    expect(response.statusCode).toBe(400);
    const stored = await readThroughHandler('H-DUP');
    expect(stored.state).toBe('created');
    expect(stored.notifications).toEqual([]);
  });
});

describe('register handler', () => {
  const post = (body: Record<string, unknown>) =>
    callHandler(
      register,
      httpApiEvent('POST', '/payment/ogone/transactions', {
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }),
    );

  // Comparing only amount and currency would answer 200 with the stored SAL form to a request
  // for RES (the shopper charged at once), with no sign of the swap.
  it('does not answer 200 with a SAL form to a repeated registration asking for RES', async () => {
    const base = { reference: 'H-REG-OP', amount: '15.10', currency: 'EUR' };
    expect((await post({ ...base, operation: 'SAL' })).statusCode).toBe(201);
    const again = await post({ ...base, operation: 'RES' });
    const fields = (
      JSON.parse(again.body ?? '{}') as { paymentRequest?: { fields?: Record<string, string> } }
    ).paymentRequest?.fields;
    // Either refuse the conflicting instruction, or honour it; never silently swap it.
    expect(again.statusCode === 409 || fields?.OPERATION === 'RES').toBe(true);
  });
});
