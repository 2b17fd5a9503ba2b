import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { handler as register } from '../../handlers/register-transaction.js';
import { httpApiEvent, lambdaContext } from '../support/api-events.js';
import { useHandlerEnvironment } from '../support/handler-environment.js';
import { createLocalTable } from '../support/local-table.js';

/**
 * Only amount and currency are compared on a repeated registration. A second registration of the
 * same reference asking for an authorisation only (RES), or to save the card, gets 200 and the
 * stored form: OPERATION=SAL (the shopper is charged at once) and no ALIAS, with no sign of it.
 */
beforeAll(async () => {
  const table = await createLocalTable('review-register');
  useHandlerEnvironment(table, {
    OGONE_SHA_OUT_PASSPHRASE: 'review-register-sha-out-0123',
    OGONE_SHA_IN_PASSPHRASE: 'review-register-sha-in-01234',
  });
});

const post = async (body: Record<string, unknown>) =>
  (await register(
    httpApiEvent('POST', '/payment/ogone/transactions', {
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }),
    lambdaContext(),
  )) as APIGatewayProxyStructuredResultV2;

describe('review: repeated registration with a different payment instruction', () => {
  it('does not answer 200 with a SAL form to a request for RES', async () => {
    const base = { reference: 'RV-REG-OP', amount: '15.10', currency: 'EUR' };
    expect((await post({ ...base, operation: 'SAL' })).statusCode).toBe(201);
    const again = await post({ ...base, operation: 'RES' });
    const fields = (
      JSON.parse(again.body ?? '{}') as { paymentRequest?: { fields?: Record<string, string> } }
    ).paymentRequest?.fields;
    // Either refuse the conflicting instruction, or honour it; never silently swap it.
    expect(again.statusCode === 409 || fields?.OPERATION === 'RES').toBe(true);
  });
});
