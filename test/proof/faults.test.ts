import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { handler as feedback } from '../../handlers/feedback.js';
import { ConfigurationError } from '../../lib/config.js';
import { createDynamoDbClient } from '../../lib/dynamodb/client.js';
import { DynamoDbTransactionRepository } from '../../lib/dynamodb/repository.js';
import { mapError } from '../../lib/http/error-response.js';
import { readVerifiedNotification } from '../../lib/ogone/read-notification.js';
import { getService, resetService } from '../../lib/service.js';
import { StorageUnavailableError } from '../../lib/transactions/errors.js';
import type { TransactionRepository } from '../../lib/transactions/port.js';
import { processNotification } from '../../lib/transactions/process-notification.js';
import { registerTransaction } from '../../lib/transactions/register-transaction.js';
import { validateRegistration } from '../../lib/transactions/validate-registration.js';
import {
  createTable,
  type DynamoDbLocal,
  freePort,
  LOCAL_CREDENTIALS,
  LOCAL_REGION,
  localClient,
  startDynamoDbLocal,
} from '../../scripts/lib/dynamodb-local.js';
import { httpApiEvent, lambdaContext } from '../support/api-events.js';
import { captureOutput } from '../support/capture-output.js';
import { feedbackParams, signedForm } from '../support/feedback-requests.js';
import { createLocalTable, type LocalTable, storedItem } from '../support/local-table.js';
import { rejectionOf } from '../support/rejection.js';
import { type FaultProxy, startFaultProxy } from './support/fault-proxy.js';

/**
 * Storage that is down, stopped, slow or throttled, and a service that is misconfigured, with the
 * feedback handler invoked as Lambda invokes it. Ogone retries a failed online request later
 * (docs/protocol.md §2), so a storage failure must be a 503 with Retry-After, a refused write must
 * leave the item untouched, and the redelivery after recovery must be recorded exactly once. (A
 * write whose answer is lost may have landed: only the redelivery can tell, as a duplicate.)
 */
const PASSPHRASE = 'faults-sha-out-passphrase-0123';
const SHA_IN = 'faults-sha-in-passphrase-456789';
const RESULT_URL = 'https://shop.example/payment/result';
const RESULT_SECRET = 'faults-result-signing-secret-0123456789abc';

let table: LocalTable;
const savedEnv = { ...process.env };
const cleanups: (() => Promise<void> | void)[] = [];

beforeAll(async () => {
  table = await createLocalTable('faults');
});
afterEach(() => {
  vi.restoreAllMocks();
});
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  table.client.destroy();
  for (const name of Object.keys(process.env)) {
    if (!(name in savedEnv)) delete process.env[name];
  }
  Object.assign(process.env, savedEnv);
  resetService();
});

/** Points the service at `endpoint` and forgets the cached one, as a new cold start would. */
const configure = (endpoint: string, tableName = table.tableName): void => {
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_DYNAMODB: endpoint,
    AWS_REGION: LOCAL_REGION,
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    OGONE_PSPID: 'faults-pspid',
    OGONE_HASH_ALGORITHM: 'sha512',
    OGONE_SHA_OUT_PASSPHRASE: PASSPHRASE,
    OGONE_SHA_IN_PASSPHRASE: SHA_IN,
    RESULT_URL,
    RESULT_SIGNING_SECRET: RESULT_SECRET,
    TRANSACTIONS_TABLE: tableName,
  });
  delete process.env.OGONE_SSM_PATH;
  resetService();
};

let counter = 0;
const uniqueReference = (label: string): string => {
  counter += 1;
  return `FAULT-${label}-${counter}-${Date.now().toString(36)}`;
};

const register = (repository: TransactionRepository, reference: string) =>
  registerTransaction(
    repository,
    validateRegistration({ reference, amount: '15.10', currency: 'EUR' }),
    new Date().toISOString(),
  );

const formFor = (reference: string, status: string): string =>
  signedForm(feedbackParams(reference, status), PASSPHRASE);

const deliver = async (
  reference: string,
  status: string,
): Promise<APIGatewayProxyStructuredResultV2> =>
  (await feedback(
    httpApiEvent('POST', '/payment/ogone/return', {
      body: formFor(reference, status),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    }),
    lambdaContext(),
  )) as APIGatewayProxyStructuredResultV2;

/** The stored item exactly as DynamoDB holds it, for byte-for-byte comparisons. */
const rawItem = async (client: DynamoDBClient, tableName: string, reference: string) =>
  JSON.stringify((await storedItem({ client, tableName }, reference)) ?? null);

const expectRetryLater = (response: APIGatewayProxyStructuredResultV2): void => {
  expect(response.statusCode).toBe(503);
  const retryAfter = response.headers?.['retry-after'];
  expect(String(retryAfter)).toMatch(/^[1-9][0-9]*$/);
  expect(response.body).not.toContain(PASSPHRASE);
};

/** History as (status, outcome) pairs, which is what "recorded exactly once" is about. */
const historyOf = async (repository: TransactionRepository, reference: string) =>
  (await repository.get(reference))?.notifications.map((n) => [n.ogoneStatus, n.outcome]);

const notificationOf = (reference: string, status: string) =>
  readVerifiedNotification(
    { query: Buffer.alloc(0), body: Buffer.from(formFor(reference, status)) },
    { passphrases: [PASSPHRASE], algorithm: 'sha512' },
  );

describe('(a) DynamoDB unreachable', () => {
  it('answers 503 with Retry-After, writes nothing, and the redelivery applies once', async () => {
    const reference = uniqueReference('closed');
    await register(table.repository, reference);
    const before = await rawItem(table.client, table.tableName, reference);

    configure(`http://127.0.0.1:${await freePort()}`);
    expectRetryLater(await deliver(reference, '9'));
    expectRetryLater(await deliver(reference, '9'));
    expect(await rawItem(table.client, table.tableName, reference)).toBe(before);

    configure(table.endpoint);
    expect((await deliver(reference, '9')).statusCode).toBe(200);
    expect((await deliver(reference, '9')).statusCode).toBe(200);
    expect(await historyOf(table.repository, reference)).toEqual([['9', 'applied']]);
    expect((await table.repository.get(reference))?.state).toBe('paid');
  });
});

describe('(b) DynamoDB stopped while the service runs', () => {
  it('answers 503 while it is down; after a restart the redelivery applies exactly once', async () => {
    const own: { local?: DynamoDbLocal } = {};
    cleanups.push(async () => {
      await own.local?.stop();
    });
    own.local = await startDynamoDbLocal();
    const { port, endpoint } = own.local;
    const tableName = 'faults-stopped';
    await createTable(endpoint, tableName);
    const reference = uniqueReference('stopped');
    const client = localClient(endpoint);
    cleanups.push(() => client.destroy());
    const repository = new DynamoDbTransactionRepository(client, tableName);
    await register(repository, reference);

    configure(endpoint, tableName);
    expect((await deliver(reference, '51')).statusCode).toBe(200);
    expect(await historyOf(repository, reference)).toEqual([['51', 'applied']]);

    await own.local.stop();
    // Same warm service, no new cold start: its pooled connections now lead nowhere.
    expectRetryLater(await deliver(reference, '9'));
    expectRetryLater(await deliver(reference, '9'));

    // DynamoDB Local keeps its data in memory: the restarted one starts empty, so the merchant
    // registration is replayed and only the redelivered notification is new on it.
    own.local = await startDynamoDbLocal(port);
    await createTable(endpoint, tableName);
    expect(await repository.get(reference)).toBeUndefined();
    await register(repository, reference);
    expect((await deliver(reference, '9')).statusCode).toBe(200);
    expect((await deliver(reference, '9')).statusCode).toBe(200);
    expect(await historyOf(repository, reference)).toEqual([['9', 'applied']]);
    expect((await repository.get(reference))?.state).toBe('paid');
  }, 180_000);
});

/**
 * In AWS the Lambda runtime ends an invocation at its timeout (6 s, serverless.yml) and API
 * Gateway answers for it, without our Retry-After; Ogone's online request has given up after 5 s
 * anyway (docs/protocol.md §2). So a storage call must fail by itself. A call still running after
 * this much longer wait has hung: what is measured is whether it ends, not how fast.
 */
const HUNG_AFTER_MS = 20_000;

type Settled<T> =
  | { readonly kind: 'resolved'; readonly value: T }
  | { readonly kind: 'rejected'; readonly error: unknown }
  | { readonly kind: 'hung' };

const settle = async <T>(promise: Promise<T>): Promise<Settled<T>> => {
  let timer: NodeJS.Timeout | undefined;
  const hung = new Promise<Settled<T>>((resolve) => {
    timer = setTimeout(() => resolve({ kind: 'hung' }), HUNG_AFTER_MS);
  });
  try {
    return await Promise.race([
      promise.then(
        (value): Settled<T> => ({ kind: 'resolved', value }),
        (error: unknown): Settled<T> => ({ kind: 'rejected', error }),
      ),
      hung,
    ]);
  } finally {
    clearTimeout(timer);
  }
};

describe('(c) DynamoDB slower than the budget', () => {
  let proxy: FaultProxy;
  beforeAll(async () => {
    proxy = await startFaultProxy(table.endpoint);
    cleanups.push(() => proxy.close());
  });

  it("a request that is never answered: the service's client gives up (StorageUnavailableError)", async () => {
    const reference = uniqueReference('blackhole');
    await register(table.repository, reference);
    proxy.mode = 'blackhole';
    const receivedBefore = proxy.received;

    // The client exactly as the service builds it (lib/dynamodb/client.ts), through the port.
    configure(proxy.endpoint);
    const client = createDynamoDbClient();
    cleanups.push(() => client.destroy());
    const settled = await settle(
      processNotification(
        new DynamoDbTransactionRepository(client, table.tableName),
        notificationOf(reference, '9'),
        { nowIso: new Date().toISOString(), source: 'feedback' },
      ),
    );
    expect(proxy.received).toBeGreaterThan(receivedBefore);
    expect(settled.kind).toBe('rejected');
    const error = settled.kind === 'rejected' ? settled.error : undefined;
    expect(error).toBeInstanceOf(StorageUnavailableError);
    expect(((error as Error).cause as Error).name).toMatch(/Timeout/i);
    const mapping = mapError(error);
    expect(mapping.status).toBe(503);
    expect(mapping.headers?.['retry-after']).toMatch(/^[1-9][0-9]*$/);
    proxy.mode = 'forward';
  }, 90_000);

  it('a request that is never answered: the handler answers 503, writes nothing, and the redelivery applies once', async () => {
    const reference = uniqueReference('blackhole-http');
    await register(table.repository, reference);
    const before = await rawItem(table.client, table.tableName, reference);
    proxy.mode = 'blackhole';
    const forwardedBefore = proxy.forwarded;
    configure(proxy.endpoint);

    const answered = await settle(deliver(reference, '9'));
    expect(answered.kind).toBe('resolved');
    if (answered.kind === 'resolved') expectRetryLater(answered.value);
    expect(proxy.forwarded).toBe(forwardedBefore);
    expect(await rawItem(table.client, table.tableName, reference)).toBe(before);

    proxy.mode = 'forward';
    configure(proxy.endpoint);
    expect((await deliver(reference, '9')).statusCode).toBe(200);
    expect(await historyOf(table.repository, reference)).toEqual([['9', 'applied']]);
  }, 90_000);

  it('an answer held back past the budget: 503 although the write landed; redelivery records it once', async () => {
    const reference = uniqueReference('late');
    await register(table.repository, reference);
    proxy.mode = 'delay';
    // Longer than the Lambda timeout: in AWS no answer of ours could follow it.
    proxy.delayMs = 8_000;
    configure(proxy.endpoint);

    // The write reaches the table but its answer comes too late: the client cannot know, so the
    // service must ask for a retry, and the retry must find the notification already recorded.
    const forwardedBefore = proxy.forwarded;
    const answered = await settle(deliver(reference, '9'));
    expect(answered.kind).toBe('resolved');
    if (answered.kind === 'resolved') expectRetryLater(answered.value);
    expect(proxy.forwarded).toBeGreaterThan(forwardedBefore);

    proxy.mode = 'forward';
    configure(proxy.endpoint);
    const redelivered = await deliver(reference, '9');
    expect(redelivered.statusCode).toBe(200);
    expect(await historyOf(table.repository, reference)).toEqual([['9', 'applied']]);
    expect((await table.repository.get(reference))?.state).toBe('paid');
  }, 90_000);

  it('when the Lambda deadline comes before the storage budget, the answer is still 503', async () => {
    const reference = uniqueReference('deadline');
    await register(table.repository, reference);
    const before = await rawItem(table.client, table.tableName, reference);
    proxy.mode = 'blackhole';
    configure(proxy.endpoint);

    // An invocation with little time left (a slow cold start, a longer chain of writes): middy
    // ends it early, and that end is storage not answering, for Ogone to retry like any other.
    const nearDeadline = { ...lambdaContext(), getRemainingTimeInMillis: () => 2_000 };
    const answered = await settle(
      feedback(
        httpApiEvent('POST', '/payment/ogone/return', { body: formFor(reference, '9') }),
        nearDeadline,
      ) as Promise<APIGatewayProxyStructuredResultV2>,
    );
    expect(answered.kind).toBe('resolved');
    if (answered.kind === 'resolved') expectRetryLater(answered.value);
    expect(await rawItem(table.client, table.tableName, reference)).toBe(before);
    proxy.mode = 'forward';
  }, 90_000);
});

describe('(d) DynamoDB throttling', () => {
  it.each(['ProvisionedThroughputExceededException', 'ThrottlingException'] as const)(
    'an SDK middleware throwing %s: 503, nothing written; without it the redelivery applies once',
    async (errorName) => {
      const reference = uniqueReference('thr');
      await register(table.repository, reference);
      const before = await rawItem(table.client, table.tableName, reference);
      configure(table.endpoint);
      const client = createDynamoDbClient();
      cleanups.push(() => client.destroy());
      const calls = { count: 0 };
      // Inside the retry middleware, where DynamoDB's own throttling answers surface.
      client.middlewareStack.add(
        () => async () => {
          calls.count += 1;
          throw Object.assign(new Error('Rate of requests exceeds the allowed throughput.'), {
            name: errorName,
            $fault: 'client',
            $metadata: { httpStatusCode: 400 },
          });
        },
        { step: 'deserialize', name: 'injectThrottling', priority: 'high' },
      );
      const repository = new DynamoDbTransactionRepository(client, table.tableName);
      const notification = notificationOf(reference, '9');
      const context = { nowIso: new Date().toISOString(), source: 'feedback' } as const;

      const error = await rejectionOf(processNotification(repository, notification, context));
      expect(error).toBeInstanceOf(StorageUnavailableError);
      expect(((error as Error).cause as Error).name).toBe(errorName);
      expect(calls.count).toBeGreaterThanOrEqual(1);
      const mapping = mapError(error);
      expect(mapping.status).toBe(503);
      expect(mapping.headers?.['retry-after']).toMatch(/^[1-9][0-9]*$/);
      expect(await rawItem(table.client, table.tableName, reference)).toBe(before);

      client.middlewareStack.remove('injectThrottling');
      const redelivered = await processNotification(repository, notification, context);
      expect(redelivered.outcome).toBe('applied');
      const again = await processNotification(repository, notification, context);
      expect(again.outcome).toBe('duplicate');
      expect(await historyOf(table.repository, reference)).toEqual([['9', 'applied']]);
    },
  );

  it.each(['ProvisionedThroughputExceededException', 'ThrottlingException'] as const)(
    'DynamoDB answering %s to the handler: 503, nothing written, then applied once',
    async (errorName) => {
      const proxy = await startFaultProxy(table.endpoint);
      cleanups.push(() => proxy.close());
      const reference = uniqueReference('thr-http');
      await register(table.repository, reference);
      const before = await rawItem(table.client, table.tableName, reference);
      proxy.mode = 'throttle';
      proxy.throttleError = errorName;
      configure(proxy.endpoint);

      expectRetryLater(await deliver(reference, '5'));
      expect(proxy.received).toBeGreaterThanOrEqual(1);
      expect(proxy.forwarded).toBe(0);
      expect(await rawItem(table.client, table.tableName, reference)).toBe(before);

      proxy.mode = 'forward';
      expect((await deliver(reference, '5')).statusCode).toBe(200);
      expect((await deliver(reference, '5')).statusCode).toBe(200);
      expect(await historyOf(table.repository, reference)).toEqual([['5', 'applied']]);
      expect((await table.repository.get(reference))?.state).toBe('authorized');
    },
    30_000,
  );
});

describe('(e) configuration errors', () => {
  const SECRET_VALUES = {
    OGONE_SHA_OUT_PASSPHRASE_PREVIOUS: 'previous-out-secret-value-77x',
    OGONE_SHA_IN_PASSPHRASE: 'in-secret-value-5k4j3h2g1f',
    OGONE_USERID: 'api-user-name',
    OGONE_PASSWORD: 'api-password-value-z9y8x7',
    RESULT_SIGNING_SECRET: 'too-short-result-secret-value',
  };
  const BAD = {
    OGONE_PSPID: 'faults-pspid',
    OGONE_HASH_ALGORITHM: 'md5',
    RESULT_URL: 'javascript:alert(1)',
    TRANSACTIONS_TABLE: 'faults-config',
    ...SECRET_VALUES,
  };
  const forbidden = [...Object.values(SECRET_VALUES), 'md5', 'javascript:alert(1)'];

  it('fails the cold start with one ConfigurationError that lists every problem', async () => {
    resetService();
    const error = await rejectionOf(getService('feedback', BAD));
    expect(error).toBeInstanceOf(ConfigurationError);
    const { problems, message } = error as ConfigurationError;
    expect(problems).toHaveLength(4);
    expect(problems.find((p) => p.startsWith('OGONE_SHA_OUT_PASSPHRASE '))).toMatch(/required/);
    expect(problems.find((p) => p.startsWith('OGONE_HASH_ALGORITHM '))).toMatch(
      /sha1.*sha256.*sha512/,
    );
    expect(problems.find((p) => p.startsWith('RESULT_URL '))).toMatch(/http/);
    expect(problems.find((p) => p.startsWith('RESULT_SIGNING_SECRET '))).toMatch(/32/);
    for (const problem of problems) expect(message).toContain(problem);
    for (const value of forbidden)
      expect(`${message}\n${problems.join('\n')}`).not.toContain(value);
  });

  it('answers 500 "misconfigured" naming nothing secret, and recovers once the config is fixed', async () => {
    configure(table.endpoint);
    delete process.env.OGONE_SHA_OUT_PASSPHRASE;
    Object.assign(process.env, BAD, { TRANSACTIONS_TABLE: table.tableName });
    const written = captureOutput();
    const reference = uniqueReference('config');
    await register(table.repository, reference);
    const before = await rawItem(table.client, table.tableName, reference);

    const response = await deliver(reference, '9');
    expect(response.statusCode).toBe(500);
    expect(response.body).toBe('The service is misconfigured');
    for (const value of [...forbidden, PASSPHRASE, RESULT_SECRET]) {
      expect(response.body).not.toContain(value);
      expect(JSON.stringify(response.headers)).not.toContain(value);
    }
    const logs = written.join('');
    expect(logs).toContain('OGONE_SHA_OUT_PASSPHRASE is required');
    for (const value of forbidden) expect(logs).not.toContain(value);
    expect(await rawItem(table.client, table.tableName, reference)).toBe(before);

    // A failed cold start is not cached: fixing the environment is enough, no restart needed.
    Object.assign(process.env, {
      OGONE_SHA_OUT_PASSPHRASE: PASSPHRASE,
      OGONE_HASH_ALGORITHM: 'sha512',
      RESULT_URL,
      RESULT_SIGNING_SECRET: RESULT_SECRET,
    });
    const fixed = await deliver(reference, '9');
    expect(fixed.statusCode).toBe(200);
    expect(await historyOf(table.repository, reference)).toEqual([['9', 'applied']]);
  });
});
