import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbTransactionRepository } from '../../lib/dynamodb/repository.js';
import type { OgoneNotification } from '../../lib/ogone/notification.js';
import { StorageUnavailableError } from '../../lib/transactions/errors.js';
import { processNotification } from '../../lib/transactions/process-notification.js';
import {
  freePort,
  LOCAL_CREDENTIALS,
  LOCAL_REGION,
  localClient,
} from '../../scripts/lib/dynamodb-local.js';
import { createLocalTable, type LocalTable } from '../support/local-table.js';
import { notificationFor } from '../support/notifications.js';
import { rejectionOf } from '../support/rejection.js';
import { feedbackContext, registerPayment, uniqueReference } from './fixtures.js';

let table: LocalTable;
const clients: DynamoDBClient[] = [];

beforeAll(async () => {
  table = await createLocalTable('failures');
});
afterAll(() => {
  for (const client of [...clients, table.client]) client.destroy();
});

/** Configured like lib/dynamodb/client.ts, without retries so a failure surfaces at once. */
const clientAt = (endpoint: string): DynamoDBClient => {
  const client = new DynamoDBClient({
    endpoint,
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
    maxAttempts: 1,
    requestHandler: { connectionTimeout: 500, requestTimeout: 1500 },
  });
  clients.push(client);
  return client;
};

/**
 * The error that reaches the HTTP edge names the operation and the SDK error class and nothing
 * taken from the request: no reference, no notification content, no table or endpoint.
 */
const expectStorageUnavailable = (
  error: unknown,
  operation: string,
  errorClass: string | RegExp,
  requestData: readonly string[],
): void => {
  expect(error).toBeInstanceOf(StorageUnavailableError);
  const storageError = error as StorageUnavailableError;
  const [prefix, name = ''] = storageError.message.split(': ');
  expect(prefix).toBe(`DynamoDB ${operation} failed`);
  expect(name).toMatch(errorClass);
  expect(storageError.context).toEqual({ operation, error: name });
  for (const text of requestData) {
    expect(storageError.message).not.toContain(text);
    expect(JSON.stringify(storageError.context)).not.toContain(text);
  }
};

const requestDataOf = (notification: OgoneNotification, tableName: string): string[] =>
  [
    notification.orderId,
    notification.id,
    notification.payId,
    notification.cardNumber,
    notification.cardHolder,
    notification.amount,
    tableName,
  ].filter((text): text is string => text !== undefined);

describe('storage that cannot be reached', () => {
  it('rejects with StorageUnavailableError when nothing listens at the endpoint', async () => {
    const port = await freePort();
    const repository = new DynamoDbTransactionRepository(
      clientAt(`http://127.0.0.1:${port}`),
      table.tableName,
    );
    const notification = notificationFor(uniqueReference('closed'), '9');

    const error = await rejectionOf(
      processNotification(repository, notification, feedbackContext()),
    );
    expectStorageUnavailable(error, 'UpdateItem', /^\w+$/, [
      ...requestDataOf(notification, table.tableName),
      String(port),
    ]);
    expect((error as Error).cause).toBeInstanceOf(Error);

    expectStorageUnavailable(
      await rejectionOf(registerPayment(repository, notification.orderId)),
      'PutItem',
      /^\w+$/,
      [notification.orderId, String(port)],
    );
    expectStorageUnavailable(
      await rejectionOf(repository.get(notification.orderId)),
      'GetItem',
      /^\w+$/,
      [notification.orderId, String(port)],
    );
    expect(await table.repository.get(notification.orderId)).toBeUndefined();
  });

  it('rejects with StorageUnavailableError when the table does not exist', async () => {
    const missingTable = `missing-${uniqueReference('t')}`;
    const repository = new DynamoDbTransactionRepository(table.client, missingTable);
    const notification = notificationFor(uniqueReference('notable'), '9');

    expectStorageUnavailable(
      await rejectionOf(processNotification(repository, notification, feedbackContext())),
      'UpdateItem',
      'ResourceNotFoundException',
      requestDataOf(notification, missingTable),
    );
    expectStorageUnavailable(
      await rejectionOf(registerPayment(repository, notification.orderId)),
      'PutItem',
      'ResourceNotFoundException',
      [notification.orderId, missingTable],
    );
    expectStorageUnavailable(
      await rejectionOf(repository.get(notification.orderId)),
      'GetItem',
      'ResourceNotFoundException',
      [notification.orderId, missingTable],
    );
  });
});

describe('throttled storage', () => {
  /** A client whose requests are refused with ThrottlingException from the `throttleFrom`th on. */
  const throttledRepository = () => {
    const client = localClient(table.endpoint);
    clients.push(client);
    const control = { throttleFrom: 1, requests: 0 };
    client.middlewareStack.add(
      (next) => async (args) => {
        control.requests += 1;
        if (control.requests >= control.throttleFrom) {
          throw Object.assign(new Error('Rate exceeded'), {
            name: 'ThrottlingException',
            $metadata: {},
          });
        }
        return next(args);
      },
      { step: 'initialize', name: 'injectThrottling' },
    );
    return {
      control,
      repository: new DynamoDbTransactionRepository(client, table.tableName),
    };
  };

  it('rejects with StorageUnavailableError, writes nothing, and a redelivery applies', async () => {
    const reference = uniqueReference('thr');
    await registerPayment(table.repository, reference);
    const before = await table.repository.get(reference);
    const { control, repository } = throttledRepository();
    const paid = notificationFor(reference, '9');

    const error = await rejectionOf(processNotification(repository, paid, feedbackContext()));
    expectStorageUnavailable(
      error,
      'UpdateItem',
      'ThrottlingException',
      requestDataOf(paid, table.tableName),
    );
    expect(((error as Error).cause as Error).name).toBe('ThrottlingException');
    expect(await table.repository.get(reference)).toEqual(before);

    control.throttleFrom = Number.POSITIVE_INFINITY;
    const redelivered = await processNotification(repository, paid, feedbackContext());
    expect(redelivered).toMatchObject({ outcome: 'applied', writes: 1 });
    const stored = await table.repository.get(reference);
    expect(stored?.state).toBe('paid');
    expect(stored?.notifications.map(({ id, outcome }) => ({ id, outcome }))).toEqual([
      { id: paid.id, outcome: 'applied' },
    ]);
  });

  it('leaves nothing half-written when the second write of a stale notification is throttled', async () => {
    const reference = uniqueReference('thr2');
    await registerPayment(table.repository, reference);
    const paid = notificationFor(reference, '9');
    await processNotification(table.repository, paid, feedbackContext());
    const before = await table.repository.get(reference);
    const { control, repository } = throttledRepository();
    // The first, optimistic write reaches the table and loses its condition; the second is refused.
    control.throttleFrom = 2;
    const late = notificationFor(reference, '51');

    const error = await rejectionOf(processNotification(repository, late, feedbackContext()));
    expectStorageUnavailable(
      error,
      'UpdateItem',
      'ThrottlingException',
      requestDataOf(late, table.tableName),
    );
    expect(control.requests).toBe(2);
    expect(await table.repository.get(reference)).toEqual(before);

    control.throttleFrom = Number.POSITIVE_INFINITY;
    const redelivered = await processNotification(repository, late, feedbackContext());
    expect(redelivered).toMatchObject({ outcome: 'stale', writes: 2 });
    const stored = await table.repository.get(reference);
    expect(stored?.state).toBe('paid');
    expect(stored?.notifications.map(({ id, outcome }) => ({ id, outcome }))).toEqual([
      { id: paid.id, outcome: 'applied' },
      { id: late.id, outcome: 'stale' },
    ]);
  });
});
