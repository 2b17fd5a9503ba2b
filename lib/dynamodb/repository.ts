import {
  ConditionalCheckFailedException,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { TransactionError } from '../transactions/errors.js';
import type {
  NewTransaction,
  NotificationWrite,
  RegisterResult,
  TransactionRepository,
  WriteResult,
} from '../transactions/port.js';
import { ORDER, STATES } from '../transactions/states.js';
import type { Transaction } from '../transactions/transaction.js';
import { bool, list, n, s } from './attribute-values.js';
import { ATTR, decodeTransaction, encodeRegistration } from './item-codec.js';
import { notificationUpdate } from './notification-update.js';
import { toStorageError } from './storage-error.js';
import { OPEN_BUCKET, OPEN_INDEX } from './table-schema.js';

/** The transactions table, one conditional request per call (design §2). */
export class DynamoDbTransactionRepository implements TransactionRepository {
  public constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
  ) {}

  public async writeNotification(write: NotificationWrite): Promise<WriteResult> {
    try {
      const output = await this.client.send(
        new UpdateItemCommand(notificationUpdate(this.tableName, write)),
      );
      return { written: true, transaction: decodeTransaction(output.Attributes ?? {}) };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) {
        throw toStorageError(error, 'UpdateItem');
      }
      if (error.Item === undefined) {
        // Only a write that must find the item can fail without one; items are never deleted.
        throw new TransactionError('The transaction disappeared during a notification write', {
          context: { reference: write.reference },
        });
      }
      return { written: false, current: decodeTransaction(error.Item) };
    }
  }

  public async register(transaction: NewTransaction): Promise<RegisterResult> {
    const item = {
      [ATTR.reference]: s(transaction.reference),
      [ATTR.state]: s(STATES.created),
      [ATTR.rank]: n(ORDER.created),
      [ATTR.amount]: s(transaction.amount),
      [ATTR.currency]: s(transaction.currency),
      [ATTR.unmatched]: bool(false),
      [ATTR.createdAt]: s(transaction.nowIso),
      [ATTR.updatedAt]: s(transaction.nowIso),
      [ATTR.notifications]: list([]),
      [ATTR.anomalies]: list([]),
      [ATTR.registration]: encodeRegistration(transaction.registration),
      [ATTR.openBucket]: s(OPEN_BUCKET),
    };
    try {
      await this.client.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: item,
          ConditionExpression: 'attribute_not_exists(#reference)',
          ExpressionAttributeNames: { '#reference': ATTR.reference },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return { created: true, transaction: decodeTransaction(item) };
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException && error.Item !== undefined) {
        return { created: false, existing: decodeTransaction(error.Item) };
      }
      throw toStorageError(error, 'PutItem');
    }
  }

  public async findOpenCreatedBefore(cutoffIso: string, limit: number): Promise<string[]> {
    try {
      const output = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: OPEN_INDEX,
          KeyConditionExpression: '#open = :open AND #createdAt < :cutoff',
          ExpressionAttributeNames: { '#open': ATTR.openBucket, '#createdAt': ATTR.createdAt },
          ExpressionAttributeValues: { ':open': s(OPEN_BUCKET), ':cutoff': s(cutoffIso) },
          Limit: limit,
        }),
      );
      return (output.Items ?? []).flatMap((item) => {
        const reference = item[ATTR.reference];
        return reference !== undefined && 'S' in reference && reference.S !== undefined
          ? [reference.S]
          : [];
      });
    } catch (error) {
      throw toStorageError(error, 'Query');
    }
  }

  public async get(reference: string): Promise<Transaction | undefined> {
    try {
      const output = await this.client.send(
        new GetItemCommand({
          TableName: this.tableName,
          Key: { [ATTR.reference]: s(reference) },
          ConsistentRead: true,
        }),
      );
      return output.Item === undefined ? undefined : decodeTransaction(output.Item);
    } catch (error) {
      throw toStorageError(error, 'GetItem');
    }
  }
}
