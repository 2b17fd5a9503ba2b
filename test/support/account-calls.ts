import { ScanCommand } from '@aws-sdk/client-dynamodb';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { handler as feedback } from '../../handlers/feedback.js';
import { handler as getTransaction } from '../../handlers/get-transaction.js';
import { handler as register } from '../../handlers/register-transaction.js';
import type { HashAlgorithm } from '../../lib/ogone/hash-algorithm.js';
import { httpApiEvent } from './api-events.js';
import { feedbackParams, signedForm } from './feedback-requests.js';
import { callHandler } from './handler-calls.js';
import type { LocalTable } from './local-table.js';

/** The account routes of docs/api.md, called in this process as the HTTP API would. */
export const registerIn = (
  account: string | undefined,
  reference: string,
  amount = '15.10',
): Promise<APIGatewayProxyStructuredResultV2> =>
  callHandler(
    register,
    httpApiEvent('POST', '/payment/transactions', {
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        reference,
        amount,
        currency: 'EUR',
        ...(account === undefined ? {} : { account }),
      }),
    }),
  );

/** POSTs a form to `/payment/ogone/<account>/return` (the default route when undefined). */
export const deliverTo = (
  account: string | undefined,
  form: string,
): Promise<APIGatewayProxyStructuredResultV2> =>
  callHandler(
    feedback,
    httpApiEvent(
      'POST',
      account === undefined ? '/payment/ogone/return' : `/payment/ogone/${account}/return`,
      {
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: form,
        ...(account === undefined ? {} : { pathParameters: { account } }),
      },
    ),
  );

/** A typical feedback for `reference`, signed with `passphrase` and `algorithm`. */
export const signedFeedback = (
  reference: string,
  status: string,
  passphrase: string,
  algorithm: HashAlgorithm,
  overrides: Record<string, string> = {},
): string => signedForm(feedbackParams(reference, status, overrides), passphrase, algorithm);

export const readIn = (
  account: string,
  reference: string,
): Promise<APIGatewayProxyStructuredResultV2> =>
  callHandler(
    getTransaction,
    httpApiEvent('GET', `/payment/transactions/${account}/${reference}`, {
      pathParameters: { account, reference },
    }),
  );

export interface TransactionBody {
  readonly account: string;
  readonly provider: string;
  readonly reference: string;
  readonly state: string;
  readonly notifications: readonly { readonly id: string }[];
}

/** The transaction JSON of (account, reference): a 200 or the test fails. */
export const transactionIn = async (account: string, reference: string) => {
  const response = await readIn(account, reference);
  if (response.statusCode !== 200) {
    throw new Error(`${account}/${reference}: ${response.statusCode} ${response.body}`);
  }
  return JSON.parse(response.body ?? '{}') as TransactionBody;
};

/** Every item of the table, attribute values and all, as one text to compare before and after. */
export const scanAll = async (table: Pick<LocalTable, 'client' | 'tableName'>): Promise<string> => {
  const items = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await table.client.send(
      new ScanCommand({
        TableName: table.tableName,
        ConsistentRead: true,
        ...(start === undefined ? {} : { ExclusiveStartKey: start as never }),
      }),
    );
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start !== undefined);
  return JSON.stringify(items.map((item) => JSON.stringify(item)).sort());
};
