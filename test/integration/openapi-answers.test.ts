import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as feedbackModule from '../../handlers/feedback.js';
import * as getTransactionModule from '../../handlers/get-transaction.js';
import * as registerTransactionModule from '../../handlers/register-transaction.js';
import * as worldlineReturnModule from '../../handlers/worldline-return.js';
import * as worldlineWebhookModule from '../../handlers/worldline-webhook.js';
import { freePort } from '../../scripts/lib/dynamodb-local.js';
import { type FakeWorldline, startFakeWorldline } from '../../scripts/lib/fake-worldline.js';
import { httpApiEvent, lambdaContext } from '../support/api-events.js';
import { feedbackParams, signedForm } from '../support/feedback-requests.js';
import { useHandlerEnvironment } from '../support/handler-environment.js';
import { createLocalTable, type LocalTable } from '../support/local-table.js';
import {
  declaredRoutes,
  deref,
  HTTP_METHODS,
  type Json,
  type JsonObject,
  loadOpenApi,
  schemaCompiler,
} from '../support/openapi.js';
import { writeAccountsFile } from '../support/two-accounts.js';
import {
  mixedAccountsDocument,
  registerInWorldline,
  worldlineEntry,
} from '../support/worldline-accounts.js';
import {
  checkoutAccountsDocument,
  onlyCheckout,
  returnQuery,
  WORLDLINE_ACCOUNTS,
} from '../support/worldline-checkout.js';
import { eventBody, signedFor } from '../support/worldline-webhooks.js';

/**
 * docs/openapi.yaml against real answers: the handlers serverless.yml names for each route,
 * invoked in this process against DynamoDB Local, through every documented status. Each answer's
 * status, content type, headers and body must be what the document says, and every documented
 * answer must have been seen (except API Gateway's own IAM refusal, which no handler gives).
 * The transaction schemas are closed, so a field added to the JSON without the document fails.
 * Each route is called as it is declared: the ones from before accounts and the per-account ones
 * (with the single-account configuration, whose one account is `default`), then the per-account
 * ones with an accounts document of two accounts (docs/accounts.md).
 */
const document = loadOpenApi();
const compile = schemaCompiler(document);
const paths = document.paths as JsonObject;
const routes = declaredRoutes();
const PASSPHRASE = 'openapi-answers-sha-out-0123456';
const SETTINGS = {
  OGONE_SHA_OUT_PASSPHRASE: PASSPHRASE,
  OGONE_SHA_IN_PASSPHRASE: 'openapi-answers-sha-in-01234567',
};
const RETURN = '/payment/ogone/return';
const TRANSACTIONS = '/payment/ogone/transactions';
const BY_REFERENCE = '/payment/ogone/transactions/{reference}';
const ACCOUNT_RETURN = '/payment/ogone/{account}/return';
const REGISTER = '/payment/transactions';
const BY_ACCOUNT = '/payment/transactions/{account}/{reference}';
const WORLDLINE_RETURN = '/payment/worldline/{account}/return';
const LIMIT = 16 * 1024;

type Handler = (event: APIGatewayProxyEventV2, context: unknown) => Promise<unknown>;

/** The HTTP handler modules, by the name serverless.yml gives them. */
const MODULES: Readonly<Record<string, Record<string, unknown>>> = {
  'handlers/feedback': feedbackModule,
  'handlers/get-transaction': getTransactionModule,
  'handlers/register-transaction': registerTransactionModule,
  'handlers/worldline-return': worldlineReturnModule,
  'handlers/worldline-webhook': worldlineWebhookModule,
};

/** The handler serverless.yml routes this method and path to (its own method first, then `*`). */
const handlerFor = (method: string, template: string): Handler => {
  const candidates = routes.filter((route) => route.path === template);
  const route =
    candidates.find((candidate) => candidate.method === method) ??
    candidates.find((candidate) => candidate.method === '*');
  if (route === undefined) throw new Error(`serverless.yml routes no ${method} ${template}`);
  const [file, name = 'handler'] = route.handler.split(/\.(?=[^.]+$)/);
  const handler = MODULES[file ?? '']?.[name];
  if (typeof handler !== 'function') throw new Error(`No handler ${route.handler} in this test`);
  return handler as Handler;
};

const seen = new Set<string>();

const headerOf = (response: APIGatewayProxyStructuredResultV2, name: string) =>
  Object.entries(response.headers ?? {}).find(
    ([key]) => key.toLowerCase() === name.toLowerCase(),
  )?.[1];

/** Checks one real answer against the document, and returns its JSON body when it has one. */
const expectDocumented = (
  method: string,
  template: string,
  response: APIGatewayProxyStructuredResultV2,
): Json => {
  const where = `${method} ${template} ${response.statusCode}`;
  const operation = (paths[template] as JsonObject)[method.toLowerCase()] as JsonObject;
  const documented = (operation.responses as JsonObject)[String(response.statusCode)];
  expect(documented, `${where} is not documented`).toBeDefined();
  const spec = deref(document, documented);
  seen.add(where);
  for (const [name, header] of Object.entries((spec.headers as JsonObject | undefined) ?? {})) {
    const { required, schema } = deref(document, header);
    const value = headerOf(response, name);
    if (required === true) expect(value, `${where}: header ${name}`).toBeDefined();
    if (value !== undefined) expect(compile(schema as Json)(String(value)), where).toBe(true);
  }
  const content = spec.content as JsonObject | undefined;
  if (content === undefined) {
    expect(response.body ?? '', `${where}: no body documented`).toBe('');
    return null;
  }
  const mediaType = String(headerOf(response, 'content-type') ?? '')
    .split(';')[0]
    ?.trim();
  expect(Object.keys(content), `${where}: content type`).toContain(mediaType);
  const schema = (content[mediaType as string] as JsonObject).schema as Json;
  const body: Json =
    mediaType === 'application/json' ? JSON.parse(response.body ?? '') : (response.body ?? '');
  const validate = compile(schema);
  expect(validate(body) ? [] : validate.errors, `${where}: body`).toEqual([]);
  return body;
};

interface Request {
  readonly query?: string;
  readonly body?: string;
  readonly headers?: Record<string, string>;
  readonly reference?: string;
  readonly account?: string | undefined;
}

const call = async (method: string, template: string, request: Request = {}) => {
  // Each `{name}` of the template, as API Gateway fills pathParameters (decoded).
  const names = [...template.matchAll(/\{([^}]+)\}/g)].map((match) => match[1] ?? '');
  const values: Record<string, string> = {
    reference: request.reference ?? '',
    account: request.account ?? '',
  };
  const pathParameters = Object.fromEntries(names.map((name) => [name, values[name] ?? '']));
  const path = template.replace(/\{([^}]+)\}/g, (_, name: string) =>
    encodeURIComponent(values[name] ?? ''),
  );
  const event = httpApiEvent(method, path, {
    rawQueryString: request.query ?? '',
    ...(request.body === undefined ? {} : { body: request.body }),
    headers: request.headers ?? {},
    ...(names.length === 0 ? {} : { pathParameters }),
  });
  const query = Object.fromEntries(new URLSearchParams(request.query ?? ''));
  const handler = handlerFor(method, template);
  const withQuery =
    Object.keys(query).length === 0 ? event : { ...event, queryStringParameters: query };
  const response = (await handler(withQuery, lambdaContext())) as APIGatewayProxyStructuredResultV2;
  return { response, body: expectDocumented(method, template, response) };
};

const JSON_HEADERS = { 'content-type': 'application/json' };
const FORM_HEADERS = { 'content-type': 'application/x-www-form-urlencoded' };
const HTML = { accept: 'text/html,application/xhtml+xml' };

/** One way to reach the default account: the routes from before accounts, or the new ones. */
interface Routes {
  readonly name: string;
  /** Keeps each variant's references apart: both write the same account of the same table. */
  readonly prefix: string;
  readonly register: string;
  readonly read: string;
  readonly feedback: string;
  /** The `{account}` of the per-account routes, and the registration body's `account`. */
  readonly account?: string | undefined;
}

const VARIANTS: readonly Routes[] = [
  {
    name: 'the routes from before accounts',
    prefix: 'OA',
    register: TRANSACTIONS,
    read: BY_REFERENCE,
    feedback: RETURN,
  },
  {
    name: 'the per-account routes, for the account default',
    prefix: 'OB',
    register: REGISTER,
    read: BY_ACCOUNT,
    feedback: ACCOUNT_RETURN,
    account: 'default',
  },
];

const feedback = (
  reference: string,
  status: string,
  overrides: Record<string, string> = {},
  passphrase = PASSPHRASE,
  algorithm: 'sha1' | 'sha256' | 'sha512' = 'sha512',
) => signedForm(feedbackParams(reference, status, overrides), passphrase, algorithm);

let table: LocalTable;

beforeAll(async () => {
  table = await createLocalTable('openapi');
  useHandlerEnvironment(table, SETTINGS);
  // A fresh DynamoDB Local can take seconds over its first writes; the client would then retry a
  // write that had landed, and a first registration would rightly answer 200. Warm it up first.
  const warmUp = { reference: 'OA-WARM-UP', amount: '1', currency: 'EUR' };
  const event = httpApiEvent('POST', TRANSACTIONS, {
    body: JSON.stringify(warmUp),
    headers: JSON_HEADERS,
  });
  await registerTransactionModule.handler(event, lambdaContext());
});
afterAll(() => {
  table.client.destroy();
});

describe.each(VARIANTS)(
  'registration and reads answer as docs/openapi.yaml says, by $name',
  (routes) => {
    const { prefix, account } = routes;
    const register = (fields: Record<string, Json>) =>
      call('POST', routes.register, {
        body: JSON.stringify(account === undefined ? fields : { account, ...fields }),
        headers: JSON_HEADERS,
      });
    const read = (reference: string) => call('GET', routes.read, { reference, account });
    const pay = (query: string, method = 'GET') =>
      call(method, routes.feedback, {
        ...(method === 'GET' ? { query } : { body: query, headers: FORM_HEADERS }),
        account,
      });
    const full = {
      reference: `${prefix}-FULL`,
      amount: '42.50',
      currency: 'EUR',
      name: 'Jane Doe',
      email: 'jane@example.com',
      address: '1 Main Street',
      zip: '1000',
      town: 'Brussels',
      country: 'BE',
      phone: '+32 2 555 01 00',
      language: 'fr_BE',
      operation: 'RES',
      saveCard: true,
    };

    it('201 with the transaction and its payment request, then 200 for the same registration', async () => {
      const first = await register(full);
      expect(first.response.statusCode).toBe(201);
      expect(first.body).toMatchObject({ account: 'default', provider: 'ogone' });
      const again = await register(full);
      expect(again.response.statusCode).toBe(200);
      expect(again.body).toEqual(first.body);
    });

    it('200 for a read, by path and by ?reference=, with a saved card after a payment', async () => {
      const { body } = await register(full);
      const alias = ((body as JsonObject).paymentRequest as JsonObject).fields as JsonObject;
      const paid = await pay(
        feedback(full.reference, '5', { amount: '42.5', ALIAS: String(alias.ALIAS) }),
        'POST',
      );
      expect(paid.response.statusCode).toBe(200);
      const found = await read(full.reference);
      expect(found.response.statusCode).toBe(200);
      expect((found.body as JsonObject).savedCard).not.toBeNull();
      const query = `reference=${full.reference}&state=authorized`;
      const alike = await call('GET', TRANSACTIONS, { query });
      expect(alike.body).toEqual(found.body);
    });

    it('200 for an unmatched transaction and one held in review', async () => {
      await pay(feedback(`${prefix}-UNMATCHED`, '9'));
      const unmatched = await read(`${prefix}-UNMATCHED`);
      expect((unmatched.body as JsonObject).registration).toBeNull();
      await register({ reference: `${prefix}-REVIEW`, amount: '10', currency: 'EUR' });
      await pay(feedback(`${prefix}-REVIEW`, '9', { amount: '11' }));
      const held = await read(`${prefix}-REVIEW`);
      expect((held.body as JsonObject).state).toBe('review');
    });

    it('400 for invalid fields and for a body that is not JSON', async () => {
      const invalid = await register({ reference: '', amount: '1.234', currency: 'XXX', extra: 1 });
      expect(invalid.response.statusCode).toBe(400);
      const notJson = await call('POST', routes.register, { body: '{', headers: JSON_HEADERS });
      expect(notJson.response.statusCode).toBe(400);
    });

    it('409 for another amount, 413 for a large body, 415 for another content type', async () => {
      await register({ reference: `${prefix}-CONFLICT`, amount: '10', currency: 'EUR' });
      const conflict = await register({
        reference: `${prefix}-CONFLICT`,
        amount: '11',
        currency: 'EUR',
      });
      expect(conflict.response.statusCode).toBe(409);
      const large = await register({
        reference: `${prefix}-LARGE`,
        amount: '1',
        name: 'x'.repeat(LIMIT),
      });
      expect(large.response.statusCode).toBe(413);
      const text = await call('POST', routes.register, {
        body: '{}',
        headers: { 'content-type': 'text/plain' },
      });
      expect(text.response.statusCode).toBe(415);
    });

    it('404 for an unknown reference, by path and by ?reference=', async () => {
      expect((await read(`${prefix}-NONE`)).response.statusCode).toBe(404);
      const query = `reference=${prefix}-NONE`;
      expect((await call('GET', TRANSACTIONS, { query })).response.statusCode).toBe(404);
    });
  },
);

describe.each(VARIANTS)('Ogone feedback answers as docs/openapi.yaml says, by $name', (routes) => {
  const { prefix, account } = routes;
  const at = (request: Request) => ({ ...request, account });

  it('200 to a server and 303 to a browser, by GET and by POST', async () => {
    const reference = `${prefix}-PAY`;
    await call('POST', routes.register, {
      body: JSON.stringify({ reference, amount: '15.10', currency: 'EUR' }),
      headers: JSON_HEADERS,
    });
    const form = feedback(reference, '9');
    const get = (headers = {}) => call('GET', routes.feedback, at({ query: form, headers }));
    expect((await get()).response.statusCode).toBe(200);
    expect((await get(HTML)).response.statusCode).toBe(303);
    const post = (headers = {}) =>
      call('POST', routes.feedback, at({ body: form, headers: { ...FORM_HEADERS, ...headers } }));
    expect((await post()).response.statusCode).toBe(200);
    expect((await post(HTML)).response.statusCode).toBe(303);
  });

  it('400 for an ambiguous request, 403 for a wrong or missing signature', async () => {
    const form = feedback(`${prefix}-BAD`, '9');
    const twice = `${form}&status=9`;
    expect((await call('GET', routes.feedback, at({ query: twice }))).response.statusCode).toBe(
      400,
    );
    const split = at({ query: `ORDERID=${prefix}-BAD`, body: form, headers: FORM_HEADERS });
    expect((await call('POST', routes.feedback, split)).response.statusCode).toBe(400);
    const unsigned = form.replace(/&SHASIGN=[^&]*/, '');
    expect((await call('GET', routes.feedback, at({ query: unsigned }))).response.statusCode).toBe(
      403,
    );
    const forged = at({ body: form.replace('STATUS=9', 'STATUS=5'), headers: FORM_HEADERS });
    expect((await call('POST', routes.feedback, forged)).response.statusCode).toBe(403);
  });

  it('413 for a query string or a body over 16 KiB', async () => {
    const large = feedback(`${prefix}-LARGE`, '9', { COMPLUS: 'x'.repeat(LIMIT) });
    expect((await call('GET', routes.feedback, at({ query: large }))).response.statusCode).toBe(
      413,
    );
    const post = at({ body: large, headers: FORM_HEADERS });
    expect((await call('POST', routes.feedback, post)).response.statusCode).toBe(413);
  });

  it('405 with Allow for every other method', async () => {
    const others = HTTP_METHODS.filter(
      (method) =>
        !['get', 'post'].includes(method) && method in (paths[routes.feedback] as JsonObject),
    );
    expect(others.length).toBeGreaterThan(0);
    for (const method of others) {
      const { response } = await call(
        method.toUpperCase(),
        routes.feedback,
        at({ query: feedback(`${prefix}-X`, '9') }),
      );
      expect(response.statusCode).toBe(405);
    }
  });
});

describe('an accounts document of two accounts: the per-account routes and the aliases', () => {
  const MAIN_OUT = 'openapi-answers-main-sha-out-01';
  const BE_OUT = 'openapi-answers-be-sha-out-0123';
  const BE_PREVIOUS = 'openapi-answers-be-previous-012';
  const accountsDocument = {
    default: 'main',
    accounts: {
      main: {
        provider: 'ogone',
        pspid: 'MainPSPID',
        resultUrl: 'https://shop.example/main/result',
        secrets: {
          'sha-out-passphrase': MAIN_OUT,
          'sha-in-passphrase': 'openapi-answers-main-sha-in-012',
        },
      },
      'shop-be': {
        provider: 'ogone',
        pspid: 'ShopBE',
        environment: 'prod',
        hashAlgorithm: 'sha256',
        previousHashAlgorithm: 'sha512',
        resultUrl: 'https://shop.example/be/result',
        secrets: {
          'sha-out-passphrase': BE_OUT,
          'sha-out-passphrase-previous': BE_PREVIOUS,
          'sha-in-passphrase': 'openapi-answers-be-sha-in-01234',
        },
      },
    },
  };
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'openapi-accounts-'));
    const file = join(dir, 'accounts.json');
    writeFileSync(file, JSON.stringify(accountsDocument));
    useHandlerEnvironment(table, { ...SETTINGS, ACCOUNTS_FILE: file });
  });
  afterAll(() => {
    delete process.env.ACCOUNTS_FILE;
    useHandlerEnvironment(table, SETTINGS);
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps one reference in two accounts apart: registration, payment request, feedback, reads', async () => {
    const reference = 'OC-TWIN';
    const main = await call('POST', TRANSACTIONS, {
      body: JSON.stringify({ reference, amount: '10', currency: 'EUR' }),
      headers: JSON_HEADERS,
    });
    expect(main.response.statusCode).toBe(201);
    expect(main.body).toMatchObject({ account: 'main', provider: 'ogone', amount: '10' });
    // Only the account named `default` keeps /payment/ogone/return; `main` has its own route.
    const mainFields = ((main.body as JsonObject).paymentRequest as JsonObject)
      .fields as JsonObject;
    expect(String(mainFields.ACCEPTURL)).toMatch(/\/payment\/ogone\/main\/return$/);
    expect(mainFields.PSPID).toBe('MainPSPID');
    const be = await call('POST', REGISTER, {
      body: JSON.stringify({ account: 'shop-be', reference, amount: '20', currency: 'EUR' }),
      headers: JSON_HEADERS,
    });
    expect(be.response.statusCode).toBe(201);
    expect(be.body).toMatchObject({ account: 'shop-be', provider: 'ogone', amount: '20' });
    const request = (be.body as JsonObject).paymentRequest as JsonObject;
    expect(String(request.url)).toMatch(/^https:\/\/secure\.ogone\.com\//);
    const fields = request.fields as JsonObject;
    expect(fields.PSPID).toBe('ShopBE');
    expect(String(fields.ACCEPTURL)).toMatch(/\/payment\/ogone\/shop-be\/return$/);
    expect(String(fields.SHASIGN)).toHaveLength(64);

    // shop-be's feedback, signed with its current algorithm, then a repeat under the previous one.
    const paid = feedback(reference, '9', { amount: '20' }, BE_OUT, 'sha256');
    const server = await call('POST', ACCOUNT_RETURN, {
      account: 'shop-be',
      body: paid,
      headers: FORM_HEADERS,
    });
    expect(server.response.statusCode).toBe(200);
    const browser = await call('GET', ACCOUNT_RETURN, {
      account: 'shop-be',
      query: feedback(reference, '9', { amount: '20' }, BE_PREVIOUS, 'sha512'),
      headers: HTML,
    });
    expect(browser.response.statusCode).toBe(303);
    expect(String(headerOf(browser.response, 'location'))).toMatch(
      /^https:\/\/shop\.example\/be\/result\?reference=OC-TWIN&state=paid&/,
    );

    const beRead = await call('GET', BY_ACCOUNT, { account: 'shop-be', reference });
    expect(beRead.body).toMatchObject({ account: 'shop-be', state: 'paid', amount: '20' });
    const mainRead = await call('GET', BY_ACCOUNT, { account: 'main', reference });
    expect(mainRead.body).toMatchObject({ account: 'main', state: 'created', amount: '10' });
    // The routes without an account serve the default account, here `main`.
    expect((await call('GET', BY_REFERENCE, { reference })).body).toEqual(mainRead.body);
    expect((await call('GET', TRANSACTIONS, { query: `reference=${reference}` })).body).toEqual(
      mainRead.body,
    );
  });

  it("403 for one account's feedback sent to another's route", async () => {
    const reference = 'OC-CROSS';
    const form = feedback(reference, '9', {}, MAIN_OUT);
    expect((await call('GET', RETURN, { query: form })).response.statusCode).toBe(200);
    const crossed = await call('GET', ACCOUNT_RETURN, { account: 'shop-be', query: form });
    expect(crossed.response.statusCode).toBe(403);
    const read = await call('GET', BY_ACCOUNT, { account: 'shop-be', reference });
    expect(read.response.statusCode).toBe(404);
  });

  it('404 for an account the deployment does not have, on the feedback and read routes', async () => {
    const reference = 'OC-NOWHERE';
    // `default` is only a name: this deployment's default account is `main`.
    for (const account of ['default', 'nope', 'Shop-BE', 'x'.repeat(33)]) {
      const get = await call('GET', ACCOUNT_RETURN, {
        account,
        query: feedback(reference, '9', {}, MAIN_OUT),
      });
      expect(get.response.statusCode, account).toBe(404);
      const post = await call('POST', ACCOUNT_RETURN, {
        account,
        body: feedback(reference, '9', {}, MAIN_OUT),
        headers: FORM_HEADERS,
      });
      expect(post.response.statusCode, account).toBe(404);
      const read = await call('GET', BY_ACCOUNT, { account, reference });
      expect(read.response.statusCode, account).toBe(404);
    }
    // Nothing was written: no account holds the reference.
    for (const account of ['main', 'shop-be']) {
      const read = await call('GET', BY_ACCOUNT, { account, reference });
      expect(read.response.statusCode, account).toBe(404);
    }
  });

  it('400 naming account for a registration with an account the deployment does not have', async () => {
    for (const [account, route] of [
      ['nope', REGISTER],
      ['default', REGISTER],
      ['', TRANSACTIONS],
      [7, REGISTER],
    ] as const) {
      const answer = await call('POST', route, {
        body: JSON.stringify({ account, reference: 'OC-UNKNOWN', amount: '1', currency: 'EUR' }),
        headers: JSON_HEADERS,
      });
      expect(answer.response.statusCode, String(account)).toBe(400);
      const fields = ((answer.body as JsonObject).error as JsonObject).fields as JsonObject;
      expect(Object.keys(fields), String(account)).toEqual(['account']);
    }
    for (const account of ['main', 'shop-be']) {
      const read = await call('GET', BY_ACCOUNT, { account, reference: 'OC-UNKNOWN' });
      expect(read.response.statusCode, account).toBe(404);
    }
  });
});

describe('a worldline account: Hosted Checkout registration and the shopper’s return', () => {
  let fake: FakeWorldline;
  let settings: Record<string, string>;

  beforeAll(async () => {
    fake = await startFakeWorldline({ merchants: Object.values(WORLDLINE_ACCOUNTS) });
    // nl is the default account too, so that the alias registers with Hosted Checkout.
    const document = { ...checkoutAccountsDocument(fake.url), default: 'nl' };
    settings = { ...SETTINGS, ACCOUNTS_FILE: writeAccountsFile(document) };
    useHandlerEnvironment(table, settings);
  });
  afterAll(async () => {
    delete process.env.ACCOUNTS_FILE;
    useHandlerEnvironment(table, SETTINGS);
    await fake.stop();
  });

  /** By the per-account route naming nl, and by the alias (the default account, nl). */
  const ROUTES = [
    [REGISTER, 'nl'],
    [TRANSACTIONS, undefined],
  ] as const;
  const register = (route: string, account: string | undefined, reference: string) =>
    call('POST', route, {
      body: JSON.stringify({
        ...(account === undefined ? {} : { account }),
        reference,
        amount: '15.10',
        currency: 'EUR',
      }),
      headers: JSON_HEADERS,
    });

  it('201 with the transaction and its hosted checkout, then 200 for the same registration', async () => {
    for (const [route, account] of ROUTES) {
      const reference = `OW-NEW-${account ?? 'alias'}`;
      const first = await register(route, account, reference);
      expect(first.response.statusCode).toBe(201);
      const checkout = onlyCheckout(fake, 'nl', reference);
      expect(first.body).toMatchObject({
        account: 'nl',
        provider: 'worldline',
        hostedCheckoutId: checkout.hostedCheckoutId,
        paymentRequest: { hostedCheckoutId: checkout.hostedCheckoutId },
      });
      const again = await register(route, account, reference);
      expect(again.response.statusCode).toBe(200);
      expect(again.body).toEqual(first.body);
    }
  });

  it('503 and 502 when the Payments API fails, and 200 once the same registration completes', async () => {
    for (const [route, account] of ROUTES) {
      const reference = `OW-FAIL-${account ?? 'alias'}`;
      fake.failNext({ httpStatus: 500 });
      expect((await register(route, account, reference)).response.statusCode).toBe(503);
      fake.failNext({ httpStatus: 400 });
      expect((await register(route, account, reference)).response.statusCode).toBe(502);
      expect((await register(route, account, reference)).response.statusCode).toBe(200);
    }
  });

  it('400 naming the fields a hosted checkout cannot honour', async () => {
    const answer = await call('POST', REGISTER, {
      body: JSON.stringify({ account: 'nl', reference: 'OW-400', amount: '1', saveCard: true }),
      headers: JSON_HEADERS,
    });
    expect(answer.response.statusCode).toBe(400);
    const fields = ((answer.body as JsonObject).error as JsonObject).fields as JsonObject;
    expect(Object.keys(fields).sort()).toEqual(['currency', 'saveCard']);
  });

  it('303 for a verified return, 403 for one that proves nothing, 404 for another account', async () => {
    const reference = 'OW-RETURN';
    await register(REGISTER, 'nl', reference);
    const checkout = onlyCheckout(fake, 'nl', reference);
    fake.pay(checkout.hostedCheckoutId, 9);
    const back = (account: string, query: string) =>
      call('GET', WORLDLINE_RETURN, { account, query, headers: HTML });
    const paid = await back('nl', returnQuery(checkout));
    expect(paid.response.statusCode).toBe(303);
    expect(String(headerOf(paid.response, 'location'))).toMatch(
      /^https:\/\/shop\.example\/nl\/result\?shop=nl&reference=OW-RETURN&state=paid&/,
    );
    const forged = returnQuery(checkout, { RETURNMAC: 'forged' });
    expect((await back('nl', forged)).response.statusCode).toBe(403);
    expect((await back('nl', '')).response.statusCode).toBe(403);
    for (const account of ['be', 'default', 'nope']) {
      expect((await back(account, returnQuery(checkout))).response.statusCode, account).toBe(404);
    }
  });

  it('405 with Allow: GET for every other method', async () => {
    const others = HTTP_METHODS.filter(
      (method) => method !== 'get' && method in (paths[WORLDLINE_RETURN] as JsonObject),
    );
    expect(others.length).toBeGreaterThan(0);
    for (const method of others) {
      const { response } = await call(method.toUpperCase(), WORLDLINE_RETURN, {
        account: 'nl',
        query: 'reference=OW-RETURN',
      });
      expect(response.statusCode, method).toBe(405);
    }
  });

  it('503 when storage cannot be reached to check the return, 500 when misconfigured', async () => {
    const query = 'reference=OW-RETURN&hostedCheckoutId=1&RETURNMAC=m';
    const closed = `http://127.0.0.1:${await freePort()}`;
    try {
      useHandlerEnvironment({ endpoint: closed, tableName: table.tableName }, settings);
      const unreachable = await call('GET', WORLDLINE_RETURN, { account: 'nl', query });
      expect(unreachable.response.statusCode).toBe(503);
      useHandlerEnvironment(table, { ...settings, WORLDLINE_TIMEOUT_MS: '5' });
      const misconfigured = await call('GET', WORLDLINE_RETURN, { account: 'nl', query });
      expect(misconfigured.response.statusCode).toBe(500);
    } finally {
      delete process.env.WORLDLINE_TIMEOUT_MS;
      useHandlerEnvironment(table, settings);
    }
  });
});

describe('failures answer as docs/openapi.yaml says', () => {
  const everyOperation = async (expected: number) => {
    const form = feedback('OA-FAIL', '9');
    const body = JSON.stringify({ reference: 'OA-FAIL', amount: '1', currency: 'EUR' });
    const account = 'default';
    const answers = [
      await call('GET', RETURN, { query: form }),
      await call('POST', RETURN, { body: form, headers: FORM_HEADERS }),
      await call('GET', ACCOUNT_RETURN, { account, query: form }),
      await call('POST', ACCOUNT_RETURN, { account, body: form, headers: FORM_HEADERS }),
      await call('POST', TRANSACTIONS, { body, headers: JSON_HEADERS }),
      await call('POST', REGISTER, { body, headers: JSON_HEADERS }),
      await call('GET', BY_REFERENCE, { reference: 'OA-FAIL' }),
      await call('GET', BY_ACCOUNT, { account, reference: 'OA-FAIL' }),
      await call('GET', TRANSACTIONS, { query: 'reference=OA-FAIL' }),
    ];
    for (const { response } of answers) expect(response.statusCode).toBe(expected);
  };

  it('503 with Retry-After when storage cannot be reached', async () => {
    const closed = `http://127.0.0.1:${await freePort()}`;
    useHandlerEnvironment({ endpoint: closed, tableName: table.tableName }, SETTINGS);
    try {
      await everyOperation(503);
    } finally {
      useHandlerEnvironment(table, SETTINGS);
    }
  });

  it('500 when the service is misconfigured', async () => {
    useHandlerEnvironment(table, { ...SETTINGS, RESULT_URL: 'not a URL' });
    try {
      await everyOperation(500);
    } finally {
      useHandlerEnvironment(table, SETTINGS);
    }
  });
});

describe('the Worldline webhook answers as docs/openapi.yaml says', () => {
  const WEBHOOK = '/payment/worldline/{account}/webhook';
  const settings = { ...SETTINGS, ACCOUNTS_FILE: writeAccountsFile(mixedAccountsDocument()) };
  const send = (account: string, body: string, headers?: Record<string, string>) =>
    call('POST', WEBHOOK, {
      account,
      body,
      headers: headers ?? { ...signedFor('nl', body).headers },
    });

  beforeAll(() => {
    useHandlerEnvironment(table, settings);
  });
  afterAll(() => {
    delete process.env.ACCOUNTS_FILE;
    useHandlerEnvironment(table, SETTINGS);
  });

  it('200 for a verified event: applied, duplicate, unmatched or ignored alike', async () => {
    await registerInWorldline('nl', 'OW-PAID');
    const paid = eventBody({ reference: 'OW-PAID' });
    for (const body of [
      paid,
      paid,
      eventBody({ reference: 'OW-UNMATCHED' }),
      eventBody({ reference: null }),
    ]) {
      const { response, body: answer } = await send('nl', body);
      expect(response.statusCode).toBe(200);
      expect(answer).toEqual({ received: true });
    }
    const read = await call('GET', BY_ACCOUNT, { account: 'nl', reference: 'OW-PAID' });
    expect(read.body).toMatchObject({ account: 'nl', provider: 'worldline', state: 'paid' });
  });

  it('400 for a repeated header or a verified body that is no event', async () => {
    const body = eventBody({ reference: 'OW-BAD' });
    const { headers } = signedFor('nl', body);
    const twice = { ...headers, 'x-gcs-keyid': `${headers['x-gcs-keyid']},other` };
    expect((await send('nl', body, twice)).response.statusCode).toBe(400);
    expect((await send('nl', '{"id":"x"}')).response.statusCode).toBe(400);
  });

  it('403 for a wrong signature and for another merchant', async () => {
    const body = eventBody({ reference: 'OW-FORGED' });
    const forged = await send('nl', body, {
      ...signedFor('nl', body).headers,
      'x-gcs-signature': 'AAAA',
    });
    expect(forged.body).toMatchObject({ error: { code: 'invalid_signature' } });
    const other = await send('nl', eventBody({ reference: 'OW-OTHER', merchantId: 'ShopDE' }));
    expect(other.body).toMatchObject({ error: { code: 'merchant_mismatch' } });
  });

  it('404 for an unknown account or an ogone one, 413 for a body over 64 KiB', async () => {
    const body = eventBody({ reference: 'OW-NOWHERE' });
    for (const account of ['nope', 'default', 'be']) {
      expect((await send(account, body)).response.statusCode, account).toBe(404);
    }
    const large = `${body}${' '.repeat(64 * 1024)}`;
    expect((await send('nl', large)).response.statusCode).toBe(413);
  });

  it('405 with Allow for every other method', async () => {
    const others = HTTP_METHODS.filter(
      (method) => method !== 'post' && method in (paths[WEBHOOK] as JsonObject),
    );
    expect(others.length).toBeGreaterThan(0);
    for (const method of others) {
      const body = eventBody({ reference: 'OW-METHOD' });
      const { response } = await call(method.toUpperCase(), WEBHOOK, {
        account: 'nl',
        body,
        headers: { ...signedFor('nl', body).headers },
      });
      expect(response.statusCode).toBe(405);
    }
  });

  it('503 when storage cannot be reached, 500 when the account has no webhook keys', async () => {
    const body = eventBody({ reference: 'OW-FAIL' });
    const closed = `http://127.0.0.1:${await freePort()}`;
    useHandlerEnvironment({ endpoint: closed, tableName: table.tableName }, settings);
    try {
      expect((await send('nl', body)).response.statusCode).toBe(503);
      const { secrets: _secrets, ...withoutSecrets } = worldlineEntry('nl');
      const keyless = mixedAccountsDocument({
        nl: { ...withoutSecrets, secrets: { 'api-secret': 'openapi-answers-api-secret' } },
      });
      useHandlerEnvironment(table, { ...SETTINGS, ACCOUNTS_FILE: writeAccountsFile(keyless) });
      expect((await send('nl', body)).response.statusCode).toBe(500);
    } finally {
      useHandlerEnvironment(table, settings);
    }
  });
});

describe('coverage of docs/openapi.yaml', () => {
  it('saw every documented answer that a handler gives', () => {
    const documented = Object.entries(paths).flatMap(([template, item]) =>
      Object.entries(item as JsonObject)
        .filter(([method]) => HTTP_METHODS.includes(method))
        .flatMap(([method, operation]) =>
          Object.entries((operation as JsonObject).responses as JsonObject)
            .filter(([, response]) => deref(document, response)['x-answered-by'] !== 'api-gateway')
            .map(([status]) => `${method.toUpperCase()} ${template} ${status}`),
        ),
    );
    expect(documented.length).toBeGreaterThan(20);
    expect(documented.filter((answer) => !seen.has(answer))).toEqual([]);
  });
});
