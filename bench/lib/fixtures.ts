import {
  type AttributeValue,
  type DynamoDBClient,
  GetItemCommand,
  type UpdateItemCommandInput,
} from '@aws-sdk/client-dynamodb';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { DEFAULT_ACCOUNT_ID } from '../../lib/accounts/account.js';
import { itemKey } from '../../lib/dynamodb/item-key.js';
import { notificationUpdate } from '../../lib/dynamodb/notification-update.js';
import type { HashAlgorithm } from '../../lib/ogone/hash-algorithm.js';
import { readVerifiedNotification } from '../../lib/ogone/read-notification.js';
import { isShaOutName } from '../../lib/ogone/sha-out-names.js';
import { computeSignature } from '../../lib/ogone/sign.js';
import { optimisticDecision, planWrite } from '../../lib/transactions/plan-write.js';
import type { TransactionRepository } from '../../lib/transactions/port.js';
import { registerTransaction } from '../../lib/transactions/register-transaction.js';
import { NOTIFICATION_SOURCES } from '../../lib/transactions/transaction.js';
import { validateRegistration } from '../../lib/transactions/validate-registration.js';
import { httpApiEvent } from '../../scripts/lib/http-api-event.js';
import { putItems } from '../../scripts/lib/put-items.js';
import { typicalFeedbackParams } from '../../scripts/lib/typical-feedback.js';

export const BENCH_PASSPHRASE = 'bench-sha-out-passphrase-0123456';

/**
 * A typical Ogone feedback (13 parameters, Ogone's mixed-case names) with its SHASIGN, signed by
 * the project's own signer: the bench measures cost, the tests own correctness.
 */
export const signedFeedback = (
  reference: string,
  status: string,
  passphrase = BENCH_PASSPHRASE,
  algorithm: HashAlgorithm = 'sha512',
  overrides: Record<string, string> = {},
): string => {
  const params = typicalFeedbackParams(reference, status, overrides);
  const signable = Object.entries(params)
    .map(([name, value]) => ({ name: name.toUpperCase(), value: Buffer.from(value, 'utf8') }))
    .filter((parameter) => isShaOutName(parameter.name));
  const shasign = computeSignature(signable, passphrase, algorithm);
  return new URLSearchParams({ ...params, SHASIGN: shasign }).toString();
};

/** Ogone's online POST as the HTTP API (payload 2.0) delivers it: answered `200 OK`. */
export const serverToServerEvent = (form: string): APIGatewayProxyEventV2 =>
  httpApiEvent('POST', '/payment/ogone/return', {
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: Buffer.from(form).toString('base64'),
    isBase64Encoded: true,
  });

/** The Lambda context without its functions (a child process adds them back). */
export const LAMBDA_CONTEXT = {
  callbackWaitsForEmptyEventLoop: false,
  functionName: 'ogone-feedback-bench-feedback',
  functionVersion: '$LATEST',
  invokedFunctionArn:
    'arn:aws:lambda:eu-west-1:123456789012:function:ogone-feedback-bench-feedback',
  memoryLimitInMB: '512',
  awsRequestId: 'request',
  logGroupName: '/aws/lambda/ogone-feedback-bench-feedback',
  logStreamName: 'stream',
} as const;

/**
 * Registers references fast: one through the real registration path, the rest as copies of the
 * item it stored (only the key changes), put in batches. Same item, same size, same index
 * entries as a registration would leave, without thousands of conditional PutItems.
 */
export const registerManyReferences = async (
  client: DynamoDBClient,
  repository: TransactionRepository,
  tableName: string,
  references: readonly string[],
  concurrency = 4,
  account = DEFAULT_ACCOUNT_ID,
): Promise<Record<string, AttributeValue>> => {
  const [first, ...rest] = references;
  if (first === undefined) return {};
  await registerTransaction(
    repository,
    validateRegistration({ reference: first, amount: '15.10', currency: 'EUR' }),
    new Date().toISOString(),
  );
  const stored = await client.send(
    new GetItemCommand({
      TableName: tableName,
      Key: { reference: { S: itemKey(account, first) } },
      ConsistentRead: true,
    }),
  );
  const template = stored.Item;
  if (template === undefined) throw new Error(`registered ${first} but cannot read it back`);
  await putItems(
    client,
    tableName,
    rest.map((reference) => ({ ...template, reference: { S: itemKey(account, reference) } })),
    concurrency,
  );
  return template;
};

/**
 * The exact UpdateItem the feedback handler sends for this notification (verified, planned and
 * built by the project's own code): the replay series sends it bare.
 */
export const handlerUpdateInput = (
  tableName: string,
  reference: string,
): UpdateItemCommandInput => {
  const notification = readVerifiedNotification(
    { query: Buffer.alloc(0), body: Buffer.from(signedFeedback(reference, '9')) },
    { passphrases: [BENCH_PASSPHRASE], algorithm: 'sha512' },
  );
  return notificationUpdate(
    tableName,
    planWrite(notification, optimisticDecision(notification), undefined, {
      nowIso: new Date().toISOString(),
      source: NOTIFICATION_SOURCES.feedback,
    }),
  );
};
