import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { handler } from '../../handlers/worldline-webhook.js';
import { MAX_JSON_DEPTH, MAX_WEBHOOK_BODY_BYTES } from '../../lib/worldline/event-json.js';
import { scanAll } from '../support/account-calls.js';
import { captureOutput } from '../support/capture-output.js';
import { callHandler } from '../support/handler-calls.js';
import { useHandlerEnvironment } from '../support/handler-environment.js';
import { createLocalTable, type LocalTable } from '../support/local-table.js';
import { writeAccountsFile } from '../support/two-accounts.js';
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
  type WebhookDelivery,
  webhookApiEvent,
  webhookSignature,
} from '../support/worldline-webhooks.js';

/**
 * Hostile webhooks against the handler, each in both shapes of HTTP API event, against DynamoDB
 * Local with a paid-for reference and an open one registered: forged, unsigned, ambiguous,
 * oversized, malformed once verified, about another merchant, on the wrong method or account.
 * Contract (docs/api.md §12): each is refused with its 4xx, naming no value; no stored item
 * changes and none is created; nothing reaches a log line or an answer that could sign anything.
 */
const { nl } = WORLDLINE_ACCOUNTS;
const KEY_ID = 'nl-key-2026';
const SECRET = nl.webhookKeys[KEY_ID];
const PAID = 'HOSTILE-WL-PAID';
const OPEN = 'HOSTILE-WL-OPEN';

let table: LocalTable;
let before: string;

beforeAll(async () => {
  table = await createLocalTable('worldline-hostile');
  useHandlerEnvironment(table, { ACCOUNTS_FILE: writeAccountsFile(mixedAccountsDocument()) });
  for (const reference of [PAID, OPEN]) {
    expect((await registerInWorldline('nl', reference)).created).toBe(true);
  }
  const paid = await deliverWebhook('nl', signedFor('nl', eventBody({ reference: PAID })));
  expect(paid.statusCode).toBe(200);
  before = await scanAll(table);
});
afterEach(() => {
  vi.restoreAllMocks();
});

/** A valid event for the open reference, which any write would change. */
const valid = (fields: Record<string, unknown> = {}) =>
  eventBody({ reference: OPEN, statusCode: 9, ...fields });

const withHeaders = (
  delivery: WebhookDelivery,
  headers: Record<string, string | undefined>,
): WebhookDelivery => ({
  body: delivery.body,
  headers: Object.fromEntries(
    Object.entries({ ...delivery.headers, ...headers }).filter(
      (entry): entry is [string, string] => entry[1] !== undefined,
    ),
  ),
});

/** Event text with `fields` spliced in verbatim (for what JSON.stringify cannot write). */
const rawEvent = (inner: string): string =>
  `{"id":"e-1","type":"payment.captured","merchantId":"${nl.merchantId}",${inner}}`;

const payment = JSON.stringify({
  id: '3136405348_1',
  paymentOutput: {
    amountOfMoney: { amount: 4250, currencyCode: 'EUR' },
    references: { merchantReference: OPEN },
  },
  status: 'CAPTURED',
  statusOutput: { statusCode: 9 },
});

interface Hostile {
  readonly name: string;
  readonly status: number;
  readonly code: string;
  readonly delivery: () => WebhookDelivery;
  readonly account?: string;
  readonly method?: string;
}

const signed = (body: string | Buffer) => signedWebhook(body, KEY_ID, SECRET);

const HOSTILE: readonly Hostile[] = [
  // Signature problems: 403.
  ...['', '!!!!', 'not base64 at all', `${webhookSignature(Buffer.from(valid()), SECRET)}x`].map(
    (signature) => ({
      name: `X-GCS-Signature ${JSON.stringify(signature.slice(0, 20))}`,
      status: 403,
      code: 'invalid_signature',
      delivery: () => withHeaders(signed(valid()), { 'x-gcs-signature': signature }),
    }),
  ),
  {
    name: 'the right digest without its base64 padding',
    status: 403,
    code: 'invalid_signature',
    delivery: () => {
      const delivery = signed(valid());
      const unpadded = String(delivery.headers['x-gcs-signature']).replace(/=+$/, '');
      return withHeaders(delivery, { 'x-gcs-signature': unpadded });
    },
  },
  {
    name: 'a signature of another body',
    status: 403,
    code: 'invalid_signature',
    delivery: () =>
      withHeaders(signed(valid()), {
        'x-gcs-signature': webhookSignature(Buffer.from(valid({ amount: 1 })), SECRET),
      }),
  },
  {
    name: 'no X-GCS-Signature',
    status: 403,
    code: 'invalid_signature',
    delivery: () => withHeaders(signed(valid()), { 'x-gcs-signature': undefined }),
  },
  {
    name: 'no X-GCS-KeyId',
    status: 403,
    code: 'invalid_signature',
    delivery: () => withHeaders(signed(valid()), { 'x-gcs-keyid': undefined }),
  },
  {
    name: 'no headers at all',
    status: 403,
    code: 'invalid_signature',
    delivery: () => ({ body: Buffer.from(valid()), headers: {} }),
  },
  ...['unknown-key', 'constructor', '__proto__', 'NL-KEY-2026', 'de-key-2026'].map((keyId) => ({
    name: `key id ${keyId}, which the account does not have`,
    status: 403,
    code: 'invalid_signature',
    delivery: () => signedWebhook(valid(), keyId, SECRET),
  })),
  // A header given twice: 400.
  {
    name: 'X-GCS-Signature joined with a comma',
    status: 400,
    code: 'malformed_request',
    delivery: () => {
      const delivery = signed(valid());
      const signature = String(delivery.headers['x-gcs-signature']);
      return withHeaders(delivery, { 'x-gcs-signature': `${signature},${signature}` });
    },
  },
  {
    name: 'X-GCS-KeyId joined with a comma',
    status: 400,
    code: 'malformed_request',
    delivery: () => withHeaders(signed(valid()), { 'x-gcs-keyid': `${KEY_ID},nl-key-2025` }),
  },
  {
    name: 'X-GCS-Signature under two spellings',
    status: 400,
    code: 'malformed_request',
    delivery: () => {
      const delivery = signed(valid());
      return withHeaders(delivery, {
        'X-GCS-Signature': String(delivery.headers['x-gcs-signature']),
      });
    },
  },
  {
    name: 'X-GCS-KeyId under two spellings',
    status: 400,
    code: 'malformed_request',
    delivery: () => withHeaders(signed(valid()), { 'X-Gcs-KeyId': 'nl-key-2025' }),
  },
  // Too large: 413 before the signature is checked, let alone the body parsed.
  {
    name: 'a signed body of 64 KiB + 1',
    status: 413,
    code: 'payload_too_large',
    delivery: () => signed(`${valid()}${' '.repeat(MAX_WEBHOOK_BODY_BYTES + 1 - valid().length)}`),
  },
  {
    name: 'an unsigned body of 1 MiB',
    status: 413,
    code: 'payload_too_large',
    delivery: () => ({ body: Buffer.alloc(1024 * 1024, 0x7b), headers: {} }),
  },
  // Verified, but not one event this service can read: 400.
  ...(
    [
      ['deep JSON', `${'['.repeat(MAX_JSON_DEPTH + 1)}${']'.repeat(MAX_JSON_DEPTH + 1)}`],
      ['deep JSON inside an event', rawEvent(`"payment":${'{"a":'.repeat(40)}1${'}'.repeat(40)}`)],
      ['merchantId twice', rawEvent(`"merchantId":"ShopDE","payment":${payment}`)],
      [
        'merchantReference twice',
        valid().replace('"merchantReference":', '"merchantReference":"X","merchantReference":'),
      ],
      [
        'the same key spelt with an escape',
        rawEvent(`"\\u0074ype":"token.created","payment":${payment}`),
      ],
      ['a __proto__ key', rawEvent(`"__proto__":{"merchantId":"ShopDE"},"payment":${payment}`)],
      ['a constructor key', rawEvent(`"payment":${payment.replace('{', '{"constructor":{},')}`)],
      ['a prototype key', rawEvent(`"payment":${payment},"prototype":1`)],
      ['an amount past 2^53', valid().replace('4250', '9007199254740993')],
      ['an amount of 1e400', valid().replace('4250', '1e400')],
      ['a negative amount', valid().replace('4250', '-4250')],
      ['an amount as text', valid().replace('4250', '"4250"')],
      ['a currency that is not one', valid().replace('"EUR"', '"euro"')],
      ['a reference with a control character', valid().replace(OPEN, `${OPEN}\\u001fX`)],
      ['no id', valid().replace(/"id":"[^"]+",/, '')],
      ['no type', valid().replace(/"type":"[^"]+",/, '')],
      ['a payment event without payment', rawEvent('"other":{}')],
      ['not JSON', 'id=e-1&type=payment.captured'],
      ['a JSON array', '[]'],
      ['an empty body', ''],
    ] as const
  ).map(([name, body]) => ({
    name,
    status: 400,
    code: 'malformed_request',
    delivery: () => signed(body),
  })),
  // Verified, about another merchant: 403.
  ...[WORLDLINE_ACCOUNTS.de.merchantId, 'shopnl', `${nl.merchantId} `].map((merchantId) => ({
    name: `merchantId ${JSON.stringify(merchantId)}`,
    status: 403,
    code: 'merchant_mismatch',
    delivery: () => signed(valid({ merchantId })),
  })),
  {
    name: 'no merchantId',
    status: 403,
    code: 'merchant_mismatch',
    delivery: () => signed(valid().replace(/"merchantId":"[^"]+",/, '')),
  },
  // The wrong method: 405; the wrong account: 404.
  ...['GET', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD'].map((method) => ({
    name: `method ${method}`,
    status: 405,
    code: 'method_not_allowed',
    method,
    delivery: () => signed(valid()),
  })),
  ...['default', 'be', 'nope', 'NL', 'nl ', '../nl', 'x'.repeat(33), ''].map((account) => ({
    name: `account ${JSON.stringify(account)}`,
    status: 404,
    code: 'not_found',
    account,
    delivery: () => signed(valid()),
  })),
];

describe.each(BODY_SHAPES)('hostile webhooks, %s body', (shape) => {
  it.each(HOSTILE.map((hostile) => [hostile.name, hostile] as const))(
    '%s: refused, nothing written',
    async (_name, hostile) => {
      const logs = captureOutput();
      const delivery = hostile.delivery();
      const response = await deliverWebhook(hostile.account ?? 'nl', delivery, {
        shape,
        ...(hostile.method === undefined ? {} : { method: hostile.method }),
      });
      expect(response.statusCode, response.body).toBe(hostile.status);
      expect(JSON.parse(response.body ?? '')).toMatchObject({ error: { code: hostile.code } });
      if (hostile.status === 405) expect(response.headers?.allow).toBe('POST');
      expect(await scanAll(table)).toBe(before);
      const text = `${logs.join('')}${response.body}`;
      for (const secret of WORLDLINE_SECRETS) expect(text).not.toContain(secret);
      const { 'x-gcs-signature': signature, 'x-gcs-keyid': keyId } = delivery.headers;
      if (signature !== undefined && signature.length > 4) expect(text).not.toContain(signature);
      if (keyId !== undefined) expect(response.body).not.toContain(keyId);
    },
  );
});

describe('hostile webhooks: the checks run in order, each before the next costs anything', () => {
  it('a body over 64 KiB is refused before its signature is checked or a byte of it parsed', async () => {
    const parse = vi.spyOn(JSON, 'parse');
    const body = `${valid()}${' '.repeat(MAX_WEBHOOK_BODY_BYTES)}`;
    const response = await deliverWebhook('nl', signedWebhook(body, 'no-such-key', 'x'), {
      shape: 'base64',
    });
    expect(response.statusCode).toBe(413);
    expect(parse).not.toHaveBeenCalled();
  });

  it('an unverified body is never parsed, however it is broken', async () => {
    const parse = vi.spyOn(JSON, 'parse');
    const body = rawEvent(`"__proto__":{},"payment":${'['.repeat(10_000)}`);
    const response = await deliverWebhook('nl', signedWebhook(body, KEY_ID, 'wrong-secret'));
    expect(response.statusCode).toBe(403);
    expect(parse).not.toHaveBeenCalled();
  });

  it('bytes that are not UTF-8, signed as sent (only the base64 shape carries them): 400', async () => {
    const bytes = Buffer.concat([Buffer.from(valid().slice(0, -1)), Buffer.from([0xff, 0x7d])]);
    const response = await deliverWebhook('nl', signed(bytes), { shape: 'base64' });
    expect(response.statusCode).toBe(400);
    expect(await scanAll(table)).toBe(before);
  });

  it('an event without a body field is read as empty: signed, it is no event (400)', async () => {
    const event = webhookApiEvent('nl', signed(''));
    delete event.body;
    const response = await callHandler(handler, event);
    expect(response.statusCode).toBe(400);
    expect(await scanAll(table)).toBe(before);
  });
  // Last: it writes (an unmatched transaction), which the checks above would see.
  it('a body of exactly 64 KiB is read (the limit is inclusive)', async () => {
    const event = valid({ reference: 'HOSTILE-WL-LIMIT' });
    const body = `${event}${' '.repeat(MAX_WEBHOOK_BODY_BYTES - event.length)}`;
    expect(Buffer.byteLength(body)).toBe(MAX_WEBHOOK_BODY_BYTES);
    for (const shape of BODY_SHAPES) {
      expect((await deliverWebhook('nl', signed(body), { shape })).statusCode).toBe(200);
    }
  });
});
