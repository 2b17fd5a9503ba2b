import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as feedbackModule from '../../handlers/feedback.js';
import * as getTransactionModule from '../../handlers/get-transaction.js';
import * as registerTransactionModule from '../../handlers/register-transaction.js';
import { freePort } from '../../scripts/lib/dynamodb-local.js';
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

/**
 * docs/openapi.yaml against real answers: the handlers serverless.yml names for each route,
 * invoked in this process against DynamoDB Local, through every documented status. Each answer's
 * status, content type, headers and body must be what the document says, and every documented
 * answer must have been seen (except API Gateway's own IAM refusal, which no handler gives).
 * The transaction schemas are closed, so a field added to the JSON without the document fails.
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
const LIMIT = 16 * 1024;

type Handler = (event: APIGatewayProxyEventV2, context: unknown) => Promise<unknown>;

/** The HTTP handler modules, by the name serverless.yml gives them. */
const MODULES: Readonly<Record<string, Record<string, unknown>>> = {
  'handlers/feedback': feedbackModule,
  'handlers/get-transaction': getTransactionModule,
  'handlers/register-transaction': registerTransactionModule,
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
}

const call = async (method: string, template: string, request: Request = {}) => {
  const path = template.replace('{reference}', encodeURIComponent(request.reference ?? ''));
  const event = httpApiEvent(method, path, {
    rawQueryString: request.query ?? '',
    ...(request.body === undefined ? {} : { body: request.body }),
    headers: request.headers ?? {},
    ...(template === BY_REFERENCE
      ? { pathParameters: { reference: request.reference ?? '' } }
      : {}),
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

const register = (fields: Record<string, Json>) =>
  call('POST', TRANSACTIONS, { body: JSON.stringify(fields), headers: JSON_HEADERS });

const feedback = (reference: string, status: string, overrides: Record<string, string> = {}) =>
  signedForm(feedbackParams(reference, status, overrides), PASSPHRASE);

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

describe('registration and reads answer as docs/openapi.yaml says', () => {
  const full = {
    reference: 'OA-FULL',
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
    const again = await register(full);
    expect(again.response.statusCode).toBe(200);
    expect(again.body).toEqual(first.body);
  });

  it('200 for a read, by path and by ?reference=, with a saved card after a payment', async () => {
    const { body } = await register(full);
    const alias = ((body as JsonObject).paymentRequest as JsonObject).fields as JsonObject;
    const paid = await call('POST', RETURN, {
      body: feedback('OA-FULL', '5', { amount: '42.5', ALIAS: String(alias.ALIAS) }),
      headers: FORM_HEADERS,
    });
    expect(paid.response.statusCode).toBe(200);
    const read = await call('GET', BY_REFERENCE, { reference: 'OA-FULL' });
    expect(read.response.statusCode).toBe(200);
    expect((read.body as JsonObject).savedCard).not.toBeNull();
    const alike = await call('GET', TRANSACTIONS, { query: 'reference=OA-FULL&state=authorized' });
    expect(alike.body).toEqual(read.body);
  });

  it('200 for an unmatched transaction and one held in review', async () => {
    await call('GET', RETURN, { query: feedback('OA-UNMATCHED', '9') });
    const unmatched = await call('GET', TRANSACTIONS, { query: 'reference=OA-UNMATCHED' });
    expect((unmatched.body as JsonObject).registration).toBeNull();
    await register({ reference: 'OA-REVIEW', amount: '10', currency: 'EUR' });
    await call('GET', RETURN, { query: feedback('OA-REVIEW', '9', { amount: '11' }) });
    const held = await call('GET', BY_REFERENCE, { reference: 'OA-REVIEW' });
    expect((held.body as JsonObject).state).toBe('review');
  });

  it('400 for invalid fields and for a body that is not JSON', async () => {
    const invalid = await register({ reference: '', amount: '1.234', currency: 'XXX', extra: 1 });
    expect(invalid.response.statusCode).toBe(400);
    const notJson = await call('POST', TRANSACTIONS, { body: '{', headers: JSON_HEADERS });
    expect(notJson.response.statusCode).toBe(400);
  });

  it('409 for another amount, 413 for a large body, 415 for another content type', async () => {
    await register({ reference: 'OA-CONFLICT', amount: '10', currency: 'EUR' });
    const conflict = await register({ reference: 'OA-CONFLICT', amount: '11', currency: 'EUR' });
    expect(conflict.response.statusCode).toBe(409);
    const large = await register({ reference: 'OA-LARGE', amount: '1', name: 'x'.repeat(LIMIT) });
    expect(large.response.statusCode).toBe(413);
    const text = await call('POST', TRANSACTIONS, {
      body: '{}',
      headers: { 'content-type': 'text/plain' },
    });
    expect(text.response.statusCode).toBe(415);
  });

  it('404 for an unknown reference, by path and by ?reference=', async () => {
    expect((await call('GET', BY_REFERENCE, { reference: 'OA-NONE' })).response.statusCode).toBe(
      404,
    );
    expect(
      (await call('GET', TRANSACTIONS, { query: 'reference=OA-NONE' })).response.statusCode,
    ).toBe(404);
  });
});

describe('/payment/ogone/return answers as docs/openapi.yaml says', () => {
  it('200 to a server and 303 to a browser, by GET and by POST', async () => {
    await register({ reference: 'OA-PAY', amount: '15.10', currency: 'EUR' });
    const form = feedback('OA-PAY', '9');
    expect((await call('GET', RETURN, { query: form })).response.statusCode).toBe(200);
    expect((await call('GET', RETURN, { query: form, headers: HTML })).response.statusCode).toBe(
      303,
    );
    const post = { body: form, headers: FORM_HEADERS };
    expect((await call('POST', RETURN, post)).response.statusCode).toBe(200);
    const browser = { body: form, headers: { ...FORM_HEADERS, ...HTML } };
    expect((await call('POST', RETURN, browser)).response.statusCode).toBe(303);
  });

  it('400 for an ambiguous request, 403 for a wrong or missing signature', async () => {
    const form = feedback('OA-BAD', '9');
    const twice = `${form}&status=9`;
    expect((await call('GET', RETURN, { query: twice })).response.statusCode).toBe(400);
    const split = { query: 'ORDERID=OA-BAD', body: form, headers: FORM_HEADERS };
    expect((await call('POST', RETURN, split)).response.statusCode).toBe(400);
    const unsigned = form.replace(/&SHASIGN=[^&]*/, '');
    expect((await call('GET', RETURN, { query: unsigned })).response.statusCode).toBe(403);
    const forged = { body: form.replace('STATUS=9', 'STATUS=5'), headers: FORM_HEADERS };
    expect((await call('POST', RETURN, forged)).response.statusCode).toBe(403);
  });

  it('413 for a query string or a body over 16 KiB', async () => {
    const large = feedback('OA-LARGE', '9', { COMPLUS: 'x'.repeat(LIMIT) });
    expect((await call('GET', RETURN, { query: large })).response.statusCode).toBe(413);
    const post = { body: large, headers: FORM_HEADERS };
    expect((await call('POST', RETURN, post)).response.statusCode).toBe(413);
  });

  it('405 with Allow for every other method', async () => {
    const others = HTTP_METHODS.filter(
      (method) => !['get', 'post'].includes(method) && method in (paths[RETURN] as JsonObject),
    );
    expect(others.length).toBeGreaterThan(0);
    for (const method of others) {
      const { response } = await call(method.toUpperCase(), RETURN, {
        query: feedback('OA-X', '9'),
      });
      expect(response.statusCode).toBe(405);
    }
  });
});

describe('failures answer as docs/openapi.yaml says', () => {
  const everyOperation = async (expected: number) => {
    const form = feedback('OA-FAIL', '9');
    const answers = [
      await call('GET', RETURN, { query: form }),
      await call('POST', RETURN, { body: form, headers: FORM_HEADERS }),
      await register({ reference: 'OA-FAIL', amount: '1', currency: 'EUR' }),
      await call('GET', BY_REFERENCE, { reference: 'OA-FAIL' }),
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
