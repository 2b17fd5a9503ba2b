import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, localClient } from '../../scripts/lib/dynamodb-local.js';
import { type LocalStack, startLocalStack } from '../../scripts/lib/local-stack.js';
import { scanAll, type TransactionBody } from '../support/account-calls.js';
import { useHandlerEnvironment } from '../support/handler-environment.js';
import { writeAccountsFile } from '../support/two-accounts.js';
import {
  mixedAccountsDocument,
  registerInWorldline,
  WORLDLINE_SECRETS,
} from '../support/worldline-accounts.js';
import {
  eventBody,
  signedFor,
  type WebhookDelivery,
  webhookPath,
} from '../support/worldline-webhooks.js';

/**
 * The Worldline webhook route over real HTTP, as `npm start` serves it: serverless-offline running
 * the bundled handler against DynamoDB Local, with an accounts file of ogone and worldline
 * accounts. serverless-offline hands a JSON body over as text, and an application/octet-stream
 * one base64-encoded as API Gateway's HTTP API hands over every JSON body: both shapes are
 * exercised, and bytes that only the base64 shape carries intact tell them apart.
 */
let stack: LocalStack;
let table: { client: ReturnType<typeof localClient>; tableName: string };

beforeAll(async () => {
  const accountsFile = writeAccountsFile(mixedAccountsDocument());
  stack = await startLocalStack({
    port: await freePort(),
    env: { ...process.env, QUIET: '1', ACCOUNTS_FILE: accountsFile },
  });
  table = {
    client: localClient(stack.dynamoDb.endpoint),
    tableName: stack.settings.TRANSACTIONS_TABLE as string,
  };
  // Registration in a worldline account creates a Hosted Checkout; the webhook needs none, so
  // the tests register straight into the stack's table, as registration stores a transaction.
  useHandlerEnvironment(
    { endpoint: stack.dynamoDb.endpoint, tableName: table.tableName },
    { ACCOUNTS_FILE: accountsFile },
  );
}, 180_000);

afterAll(async () => {
  table?.client.destroy();
  await stack?.stop();
});

const post = (
  account: string,
  delivery: WebhookDelivery,
  contentType = 'application/json',
): Promise<Response> =>
  fetch(`${stack.baseUrl}${webhookPath(account)}`, {
    method: 'POST',
    headers: { ...delivery.headers, 'content-type': contentType },
    body: delivery.body,
  });

const read = async (account: string, reference: string) => {
  const response = await fetch(`${stack.baseUrl}/payment/transactions/${account}/${reference}`);
  expect(response.status).toBe(200);
  return (await response.json()) as TransactionBody & {
    notifications: { source: string; outcome: string }[];
  };
};

describe('POST /payment/worldline/{account}/webhook over HTTP', () => {
  it.each([
    ['as text (application/json)', 'application/json', 'E2E-WL-TEXT'],
    ['base64-encoded (application/octet-stream)', 'application/octet-stream', 'E2E-WL-B64'],
  ])(
    'records a captured payment sent %s, once however often it comes',
    async (_how, type, reference) => {
      await registerInWorldline('nl', reference);
      const delivery = signedFor('nl', eventBody({ reference, statusCode: 9 }));
      for (let i = 0; i < 2; i++) {
        const response = await post('nl', delivery, type);
        expect(response.status).toBe(200);
        expect(response.headers.get('content-type')).toMatch(/^application\/json/);
        expect(await response.json()).toEqual({ received: true });
      }
      const transaction = await read('nl', reference);
      expect(transaction).toMatchObject({ account: 'nl', provider: 'worldline', state: 'paid' });
      expect(transaction.notifications).toEqual([
        expect.objectContaining({ source: 'webhook', outcome: 'applied' }),
      ]);
    },
  );

  it('verifies the exact bytes: intact only in the base64 shape', async () => {
    // Not UTF-8: as text it is changed before the handler sees it, so its signature fails (403);
    // base64-encoded it arrives as signed, verifies, and is then refused as no event (400).
    const bytes = Buffer.concat([
      Buffer.from('{"id":"e-1","type":"payment.captured"'),
      Buffer.from([0xff, 0x7d]),
    ]);
    const before = await scanAll(table);
    expect((await post('nl', signedFor('nl', bytes), 'application/json')).status).toBe(403);
    expect((await post('nl', signedFor('nl', bytes), 'application/octet-stream')).status).toBe(400);
    expect(await scanAll(table)).toBe(before);
  });

  it('keeps an event for a reference nobody registered as an unmatched transaction', async () => {
    const reference = 'E2E-WL-UNMATCHED';
    const response = await post('nl', signedFor('nl', eventBody({ reference, statusCode: 5 })));
    expect(response.status).toBe(200);
    expect(await read('nl', reference)).toMatchObject({ state: 'authorized', unmatched: true });
  });

  it('refuses what is not a verified event of the account, writing nothing', async () => {
    const reference = 'E2E-WL-REFUSED';
    await registerInWorldline('nl', reference);
    const before = await scanAll(table);
    const body = eventBody({ reference });
    const good = signedFor('nl', body);
    const answers: [string, Response, number][] = [
      ['another account’s key', await post('nl', signedFor('de', body)), 403],
      [
        'a forged signature',
        await post('nl', {
          body: good.body,
          headers: { ...good.headers, 'x-gcs-signature': 'AAAA' },
        }),
        403,
      ],
      ['no signature', await post('nl', { body: good.body, headers: {} }), 403],
      [
        'a key id joined as the HTTP API joins a repeated header',
        await post('nl', {
          body: good.body,
          headers: { ...good.headers, 'x-gcs-keyid': 'nl-key-2026,nl-key-2025' },
        }),
        400,
      ],
      [
        'another merchant',
        await post('nl', signedFor('nl', eventBody({ reference, merchantId: 'ShopDE' }))),
        403,
      ],
      ['an ogone account', await post('default', good), 404],
      ['an unknown account', await post('nope', good), 404],
      [
        'a body over 64 KiB',
        await post(
          'nl',
          signedFor('nl', `${body}${' '.repeat(64 * 1024)}`),
          'application/octet-stream',
        ),
        413,
      ],
      ['GET', await fetch(`${stack.baseUrl}${webhookPath('nl')}`), 405],
    ];
    const bodies: string[] = [];
    for (const [what, response, status] of answers) {
      expect(response.status, what).toBe(status);
      if (status === 405) expect(response.headers.get('allow'), what).toBe('POST');
      const text = await response.text();
      expect(JSON.parse(text), what).toHaveProperty('error.code');
      bodies.push(text);
    }
    expect(await scanAll(table)).toBe(before);
    const everything = `${stack.output()}${bodies.join('')}`;
    for (const secret of WORLDLINE_SECRETS) expect(everything).not.toContain(secret);
    expect(everything).not.toContain(good.headers['x-gcs-signature']);
  });
});
