import {
  type AttributeValue,
  BatchWriteItemCommand,
  type DynamoDBClient,
  GetItemCommand,
  type UpdateItemCommandInput,
  type WriteRequest,
} from '@aws-sdk/client-dynamodb';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { notificationUpdate } from '../../lib/dynamodb/notification-update.js';
import { readVerifiedNotification } from '../../lib/ogone/read-notification.js';
import { optimisticDecision, planWrite } from '../../lib/transactions/plan-write.js';
import type { TransactionRepository } from '../../lib/transactions/port.js';
import { registerTransaction } from '../../lib/transactions/register-transaction.js';
import { NOTIFICATION_SOURCES } from '../../lib/transactions/transaction.js';
import { validateRegistration } from '../../lib/transactions/validate-registration.js';
import { httpApiEvent, lambdaContext } from '../../test/support/api-events.js';
import { feedbackParams, signedForm } from '../../test/support/feedback-requests.js';

/**
 * Registers references the way the registration route does (validated, amounts canonical), a
 * few at a time so that DynamoDB Local is kept busy but not flooded.
 */
export const registerReferences = async (
  repository: TransactionRepository,
  references: readonly string[],
  concurrency = 8,
): Promise<void> => {
  let next = 0;
  const worker = async () => {
    while (next < references.length) {
      const reference = references[next++] as string;
      await registerTransaction(
        repository,
        validateRegistration({ reference, amount: '15.10', currency: 'EUR' }),
        new Date().toISOString(),
      );
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
};

/**
 * Registers many references fast: one through the real registration path, the rest as copies of
 * the item it stored (only the key changes), 25 per BatchWriteItem. Same item, same size, same
 * index entries as a registration would leave, without thousands of conditional PutItems.
 */
export const registerManyReferences = async (
  client: DynamoDBClient,
  repository: TransactionRepository,
  tableName: string,
  references: readonly string[],
  concurrency = 4,
): Promise<void> => {
  const [first, ...rest] = references;
  if (first === undefined) return;
  await registerReferences(repository, [first], 1);
  const stored = await client.send(
    new GetItemCommand({
      TableName: tableName,
      Key: { reference: { S: first } },
      ConsistentRead: true,
    }),
  );
  const template = stored.Item;
  if (template === undefined) throw new Error(`registered ${first} but cannot read it back`);
  const chunks: WriteRequest[][] = [];
  for (let i = 0; i < rest.length; i += 25) {
    chunks.push(
      rest.slice(i, i + 25).map((reference) => ({
        PutRequest: { Item: { ...template, reference: { S: reference } } },
      })),
    );
  }
  let next = 0;
  const worker = async () => {
    while (next < chunks.length) {
      let pending = chunks[next++] as WriteRequest[];
      for (let attempt = 0; pending.length > 0; attempt++) {
        if (attempt > 10) throw new Error('BatchWriteItem kept leaving items unprocessed');
        const output = await client.send(
          new BatchWriteItemCommand({ RequestItems: { [tableName]: pending } }),
        );
        pending = output.UnprocessedItems?.[tableName] ?? [];
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
};

/** A typical signed server-to-server feedback (13 parameters + SHASIGN), form-encoded. */
export const signedFeedback = (
  reference: string,
  status: string,
  passphrase: string,
  overrides: Record<string, string> = {},
): string => signedForm(feedbackParams(reference, status, overrides), passphrase);

/**
 * Ogone's online POST as the real HTTP API delivers it: a form body, base64-encoded by API
 * Gateway, no `Accept: text/html`, so the answer is `200 OK`.
 */
export const serverToServerEvent = (form: string): APIGatewayProxyEventV2 =>
  httpApiEvent('POST', '/payment/ogone/return', {
    body: Buffer.from(form).toString('base64'),
    isBase64Encoded: true,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });

/** The Lambda context without its functions, for a child process to rebuild. */
export const serializableContext = (): Record<string, unknown> =>
  Object.fromEntries(
    Object.entries(lambdaContext()).filter(([, value]) => typeof value !== 'function'),
  );

const utf8 = (text: string): number => Buffer.byteLength(text, 'utf8');

/** DynamoDB's item-size rules (names + values; lists and maps 3 bytes + 1 per element). */
export const attributeValueBytes = (value: AttributeValue): number => {
  if (value.S !== undefined) return utf8(value.S);
  if (value.N !== undefined) return Math.ceil(value.N.replace(/^-|\.|^0+/g, '').length / 2) + 1;
  if (value.B !== undefined) return value.B.length;
  if (value.BOOL !== undefined || value.NULL !== undefined) return 1;
  if (value.SS !== undefined) return value.SS.reduce((total, item) => total + utf8(item), 0);
  if (value.NS !== undefined) return value.NS.reduce((total, item) => total + item.length, 0);
  if (value.L !== undefined) {
    return 3 + value.L.reduce((total, item) => total + 1 + attributeValueBytes(item), 0);
  }
  if (value.M !== undefined) {
    return (
      3 +
      Object.entries(value.M).reduce(
        (total, [name, item]) => total + 1 + utf8(name) + attributeValueBytes(item),
        0,
      )
    );
  }
  return 0;
};

export const itemBytes = (item: Record<string, AttributeValue>): number =>
  Object.entries(item).reduce(
    (total, [name, value]) => total + utf8(name) + attributeValueBytes(value),
    0,
  );

/**
 * The exact UpdateItem the feedback handler sends for this notification (verified, planned and
 * built by the project's own code), for replaying it bare from the floor's client.
 */
export const handlerUpdateInput = (
  tableName: string,
  reference: string,
  passphrase: string,
): UpdateItemCommandInput => {
  const notification = readVerifiedNotification(
    { query: Buffer.alloc(0), body: Buffer.from(signedFeedback(reference, '9', passphrase)) },
    { passphrases: [passphrase], algorithm: 'sha512' },
  );
  return notificationUpdate(
    tableName,
    planWrite(notification, optimisticDecision(notification), undefined, {
      nowIso: new Date().toISOString(),
      source: NOTIFICATION_SOURCES.feedback,
    }),
  );
};
