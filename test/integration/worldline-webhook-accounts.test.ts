import { readFileSync } from 'node:fs';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { KEY_SEPARATOR } from '../../lib/accounts/account.js';
import { METRICS } from '../../lib/observability/metrics.js';
import { freePort } from '../../scripts/lib/dynamodb-local.js';
import {
  deliverTo,
  registerIn,
  scanAll,
  signedFeedback,
  transactionIn,
} from '../support/account-calls.js';
import { captureOutput } from '../support/capture-output.js';
import { useHandlerEnvironment } from '../support/handler-environment.js';
import { createLocalTable, type LocalTable, storedItem } from '../support/local-table.js';
import { jsonLines, publishedMetrics } from '../support/log-lines.js';
import { ACCOUNT_KEYS, writeAccountsFile } from '../support/two-accounts.js';
import {
  mixedAccountsDocument,
  registerInWorldline,
  WORLDLINE_ACCOUNTS,
  WORLDLINE_SECRETS,
} from '../support/worldline-accounts.js';
import {
  BODY_SHAPES,
  deliverWebhook,
  eventBody,
  signedFor,
  signedWebhook,
} from '../support/worldline-webhooks.js';
import { uniqueReference } from './fixtures.js';

/**
 * The webhook route in a deployment of several accounts, ogone and worldline, through its handler
 * against DynamoDB Local: each event reaches only the account whose route it came to, signed with
 * one of that account's keys and naming its merchant; keys rotate without a gap; Worldline's own
 * known-answer body verifies; events about no payment of ours are answered and counted, not
 * written; storage failures are 503 and the redelivery is recorded once.
 */
let table: LocalTable;
let settings: Record<string, string>;
const { nl, de } = WORLDLINE_ACCOUNTS;
const SDK_BODY = readFileSync(
  new URL('../fixtures/worldline/sdk-payment-paid.body', import.meta.url),
);
const SDK_SIGNATURE = '2S7doBj/GnJnacIjSJzr5fxGM5xmfQyFAwxv1I53ZEk=';

beforeAll(async () => {
  table = await createLocalTable('worldline-accounts');
  settings = { ACCOUNTS_FILE: writeAccountsFile(mixedAccountsDocument()) };
  useHandlerEnvironment(table, settings);
});
afterEach(() => {
  vi.restoreAllMocks();
});

describe('the same reference in an ogone and a worldline account', () => {
  it('is two transactions: a webhook pays one, Ogone feedback the other', async () => {
    const reference = uniqueReference('twin');
    expect((await registerIn(undefined, reference)).statusCode).toBe(201);
    expect((await registerInWorldline('nl', reference)).created).toBe(true);
    const ogoneBefore = JSON.stringify(await storedItem(table, reference));

    const webhook = await deliverWebhook('nl', signedFor('nl', eventBody({ reference })));
    expect(webhook.statusCode).toBe(200);
    expect(await transactionIn('nl', reference)).toMatchObject({
      provider: 'worldline',
      state: 'paid',
    });
    expect(JSON.stringify(await storedItem(table, reference))).toBe(ogoneBefore);

    const worldlineBefore = JSON.stringify(
      await storedItem(table, `nl${KEY_SEPARATOR}${reference}`),
    );
    const form = signedFeedback(reference, '5', ACCOUNT_KEYS.default.out, 'sha512');
    expect((await deliverTo(undefined, form)).statusCode).toBe(200);
    expect(await transactionIn('default', reference)).toMatchObject({
      provider: 'ogone',
      state: 'authorized',
    });
    expect(JSON.stringify(await storedItem(table, `nl${KEY_SEPARATOR}${reference}`))).toBe(
      worldlineBefore,
    );
  });

  it('the same reference in two worldline accounts is two transactions too', async () => {
    const reference = uniqueReference('pair');
    await registerInWorldline('nl', reference);
    await registerInWorldline('de', reference, '10.00');
    const body = eventBody({ reference, merchantId: de.merchantId, amount: 1000 });
    expect((await deliverWebhook('de', signedFor('de', body))).statusCode).toBe(200);
    expect((await transactionIn('de', reference)).state).toBe('paid');
    expect((await transactionIn('nl', reference)).state).toBe('created');
  });
});

describe('a webhook that is not the route account’s', () => {
  it.each([
    ['with another account’s key id and secret', (body: string) => signedFor('de', body)],
    [
      'with another account’s secret under this account’s key id',
      (body: string) => signedWebhook(body, 'nl-key-2026', de.webhookKeys['de-key-2026']),
    ],
  ])('signed %s is 403, nothing written', async (_case, sign) => {
    const reference = uniqueReference('cross');
    await registerInWorldline('nl', reference);
    const before = await scanAll(table);
    const logs = captureOutput();
    const delivery = sign(eventBody({ reference, merchantId: nl.merchantId }));
    for (const shape of BODY_SHAPES) {
      const response = await deliverWebhook('nl', delivery, { shape });
      expect(response.statusCode).toBe(403);
      expect(JSON.parse(response.body ?? '')).toMatchObject({
        error: { code: 'invalid_signature' },
      });
    }
    expect(await scanAll(table)).toBe(before);
    expect(publishedMetrics(logs)).toEqual([METRICS.signatureRejected, METRICS.signatureRejected]);
  });

  it('naming another merchant, signed with this account’s key, is 403, nothing written', async () => {
    const reference = uniqueReference('merchant');
    await registerInWorldline('nl', reference);
    const before = await scanAll(table);
    const logs = captureOutput();
    for (const merchantId of [de.merchantId, undefined]) {
      const body = JSON.parse(eventBody({ reference, merchantId: de.merchantId }));
      body.merchantId = merchantId;
      const response = await deliverWebhook('nl', signedFor('nl', JSON.stringify(body)));
      expect(response.statusCode).toBe(403);
      expect(JSON.parse(response.body ?? '')).toMatchObject({
        error: { code: 'merchant_mismatch' },
      });
    }
    expect(await scanAll(table)).toBe(before);
    expect(publishedMetrics(logs)).toEqual([METRICS.signatureRejected, METRICS.signatureRejected]);
  });
});

describe('webhook key rotation', () => {
  it('an event signed with either of the account’s two keys is verified and applied', async () => {
    const keyIds = Object.keys(nl.webhookKeys);
    expect(keyIds).toHaveLength(2);
    for (const keyId of keyIds) {
      const reference = uniqueReference('rotate');
      await registerInWorldline('nl', reference);
      const response = await deliverWebhook('nl', signedFor('nl', eventBody({ reference }), keyId));
      expect(response.statusCode, keyId).toBe(200);
      expect((await transactionIn('nl', reference)).state, keyId).toBe('paid');
    }
  });

  it('a key removed from the account no longer verifies', async () => {
    const { 'nl-key-2025': _retired, ...current } = nl.webhookKeys;
    const document = mixedAccountsDocument({
      nl: {
        provider: 'worldline',
        merchantId: nl.merchantId,
        apiKeyId: nl.apiKeyId,
        resultUrl: nl.resultUrl,
        secrets: { 'api-secret': nl.apiSecret, 'webhook-keys': JSON.stringify(current) },
      },
    });
    useHandlerEnvironment(table, { ACCOUNTS_FILE: writeAccountsFile(document) });
    try {
      const reference = uniqueReference('retired');
      await registerInWorldline('nl', reference);
      const before = await scanAll(table);
      const body = eventBody({ reference });
      const old = await deliverWebhook('nl', signedFor('nl', body, 'nl-key-2025'));
      expect(old.statusCode).toBe(403);
      expect(await scanAll(table)).toBe(before);
      const kept = await deliverWebhook('nl', signedFor('nl', body, 'nl-key-2026'));
      expect(kept.statusCode).toBe(200);
    } finally {
      useHandlerEnvironment(table, settings);
    }
  });
});

describe('Worldline’s own SDK known answer', () => {
  it('verifies through the route: 200, a payment with no reference of ours, nothing written', async () => {
    const delivery = signedFor('sdk', SDK_BODY, 'dummy-key-id');
    expect(delivery.headers['x-gcs-signature']).toBe(SDK_SIGNATURE);
    const before = await scanAll(table);
    const logs = captureOutput();
    for (const shape of BODY_SHAPES) {
      // Sent as Worldline sent it: its own signature, its bytes unchanged.
      const response = await deliverWebhook(
        'sdk',
        {
          body: SDK_BODY,
          headers: { 'x-gcs-signature': SDK_SIGNATURE, 'x-gcs-keyid': 'dummy-key-id' },
        },
        { shape },
      );
      expect(response.statusCode).toBe(200);
    }
    expect(await scanAll(table)).toBe(before);
    const ignored = jsonLines(logs).filter((line) => line.message === 'Webhook event ignored');
    expect(ignored).toEqual([
      expect.objectContaining({
        account: 'sdk',
        type: 'payment.paid',
        because: 'no_reference',
        notificationId: '8ee793f6-4553-4749-85dc-f2ef095c5ab0',
      }),
      expect.objectContaining({ because: 'no_reference' }),
    ]);
    expect(publishedMetrics(logs)).toEqual([METRICS.webhookIgnored, METRICS.webhookIgnored]);
  });

  it('one byte changed no longer verifies: 403', async () => {
    const changed = Buffer.from(SDK_BODY);
    changed[changed.indexOf('1000')] = '2'.charCodeAt(0);
    const response = await deliverWebhook('sdk', {
      body: changed,
      headers: { 'x-gcs-signature': SDK_SIGNATURE, 'x-gcs-keyid': 'dummy-key-id' },
    });
    expect(response.statusCode).toBe(403);
  });
});

describe('verified events about no payment of ours', () => {
  it('another event type is answered 200, logged and counted as ignored, nothing written', async () => {
    const before = await scanAll(table);
    const logs = captureOutput();
    const body = JSON.stringify({
      apiVersion: 'v1',
      id: 'token-event-1',
      created: '2026-12-01T10:15:00.123+0100',
      merchantId: nl.merchantId,
      type: 'token.created',
      token: { id: 'a-token' },
    });
    const response = await deliverWebhook('nl', signedFor('nl', body), { shape: 'base64' });
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body ?? '')).toEqual({ received: true });
    expect(await scanAll(table)).toBe(before);
    expect(jsonLines(logs).find((line) => line.message === 'Webhook event ignored')).toMatchObject({
      level: 'INFO',
      account: 'nl',
      type: 'token.created',
      because: 'not_a_payment',
    });
    expect(publishedMetrics(logs)).toEqual([METRICS.webhookIgnored]);
  });

  it('a payment event without merchantReference is answered 200, nothing written', async () => {
    const before = await scanAll(table);
    const response = await deliverWebhook('nl', signedFor('nl', eventBody({ reference: null })));
    expect(response.statusCode).toBe(200);
    expect(await scanAll(table)).toBe(before);
  });
});

describe('storage unavailable', () => {
  it('is 503 with Retry-After, nothing written; the redelivery is recorded once', async () => {
    const reference = uniqueReference('down');
    await registerInWorldline('nl', reference);
    const before = await scanAll(table);
    const delivery = signedFor('nl', eventBody({ reference }));
    const closed = `http://127.0.0.1:${await freePort()}`;
    useHandlerEnvironment({ endpoint: closed, tableName: table.tableName }, settings);
    try {
      const response = await deliverWebhook('nl', delivery);
      expect(response.statusCode).toBe(503);
      expect(response.headers?.['retry-after']).toMatch(/^[0-9]+$/);
    } finally {
      useHandlerEnvironment(table, settings);
    }
    expect(await scanAll(table)).toBe(before);
    for (let i = 0; i < 2; i++) expect((await deliverWebhook('nl', delivery)).statusCode).toBe(200);
    const transaction = await transactionIn('nl', reference);
    expect(transaction.state).toBe('paid');
    expect(transaction.notifications).toHaveLength(1);
  });
});

describe('no secret leaves the service', () => {
  it('no answer or log line carries a webhook key, an api-secret, a key id or a signature', async () => {
    const logs = captureOutput();
    const reference = uniqueReference('leak');
    const body = eventBody({ reference });
    const deliveries = [
      signedFor('nl', body),
      signedFor('de', body),
      signedWebhook(body, 'nl-key-2026', 'not-the-secret-of-nl'),
      signedWebhook(body, 'nl-key-2026,nl-key-2025', nl.webhookKeys['nl-key-2026']),
    ];
    const answers = [];
    for (const delivery of deliveries) answers.push(await deliverWebhook('nl', delivery));
    expect(answers.map((answer) => answer.statusCode)).toEqual([200, 403, 403, 400]);
    const text = `${logs.join('')}${answers.map((answer) => answer.body).join('')}`;
    for (const secret of WORLDLINE_SECRETS) expect(text).not.toContain(secret);
    for (const { headers } of deliveries) {
      expect(text).not.toContain(headers['x-gcs-signature']);
      expect(text).not.toContain(headers['x-gcs-keyid']);
    }
  });
});
