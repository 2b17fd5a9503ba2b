import {
  type AttributeValue,
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
  OpenTransaction,
  RegisterResult,
  TransactionRepository,
  WriteResult,
} from '../transactions/port.js';
import { ORDER, STATES } from '../transactions/states.js';
import type { Anomaly, Transaction } from '../transactions/transaction.js';
import { bool, list, n, readString, s } from './attribute-values.js';
import { ATTR, decodeTransaction, encodeAnomaly, encodeRegistration } from './item-codec.js';
import { notificationUpdate } from './notification-update.js';
import { toStorageError } from './storage-error.js';

/** Open-index pages read per run at most, and their size: bounds a run's reads. */
const MAX_OPEN_PAGES = 20;
const OPEN_PAGE_SIZE = 100;

import { OPEN_BUCKET, OPEN_INDEX } from './table-schema.js';

/** The transactions table, one conditional request per call (docs/protocol.md §5, "History"). */
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

  public async findOpenDue(
    cutoffIso: string,
    nowIso: string,
    limit: number,
  ): Promise<OpenTransaction[]> {
    const found: OpenTransaction[] = [];
    let startKey: Record<string, AttributeValue> | undefined;
    // Deferred entries are filtered after the read, so a page can come back short: read on, but
    // never more than a bounded number of pages per run.
    for (let page = 0; page < MAX_OPEN_PAGES && found.length < limit; page++) {
      try {
        const output = await this.client.send(
          new QueryCommand({
            TableName: this.tableName,
            IndexName: OPEN_INDEX,
            KeyConditionExpression: '#open = :open AND #createdAt < :cutoff',
            FilterExpression: 'attribute_not_exists(#next) OR #next <= :now',
            ExpressionAttributeNames: {
              '#open': ATTR.openBucket,
              '#createdAt': ATTR.createdAt,
              '#next': ATTR.nextCheckAt,
            },
            ExpressionAttributeValues: {
              ':open': s(OPEN_BUCKET),
              ':cutoff': s(cutoffIso),
              ':now': s(nowIso),
            },
            Limit: Math.max(limit, OPEN_PAGE_SIZE),
            ...(startKey === undefined ? {} : { ExclusiveStartKey: startKey }),
          }),
        );
        for (const item of output.Items ?? []) {
          const reference = readString(item, ATTR.reference);
          const createdAt = readString(item, ATTR.createdAt);
          if (reference !== null && createdAt !== null && found.length < limit) {
            found.push({ reference, createdAt });
          }
        }
        startKey = output.LastEvaluatedKey;
      } catch (error) {
        throw toStorageError(error, 'Query');
      }
      if (startKey === undefined) break;
    }
    return found;
  }

  public async deferOpen(reference: string, nextCheckAtIso: string): Promise<void> {
    await this.updateIfOpen(reference, 'SET #next = :next', { ':next': s(nextCheckAtIso) });
  }

  public async retireOpen(reference: string, anomaly: Anomaly, nowIso: string): Promise<void> {
    await this.updateIfOpen(
      reference,
      'REMOVE #open, #next SET #anomalies = list_append(if_not_exists(#anomalies, :empty), :anomaly), #updatedAt = :now',
      { ':anomaly': list([encodeAnomaly(anomaly)]), ':empty': list([]), ':now': s(nowIso) },
    );
  }

  /** Reconciliation bookkeeping, only while the transaction is still open. */
  private async updateIfOpen(
    reference: string,
    expression: string,
    values: Record<string, AttributeValue>,
  ): Promise<void> {
    try {
      await this.client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: { [ATTR.reference]: s(reference) },
          UpdateExpression: expression,
          ConditionExpression: 'attribute_exists(#open)',
          ExpressionAttributeNames: {
            '#open': ATTR.openBucket,
            ...(expression.includes('#next') ? { '#next': ATTR.nextCheckAt } : {}),
            ...(expression.includes('#anomalies') ? { '#anomalies': ATTR.anomalies } : {}),
            ...(expression.includes('#updatedAt') ? { '#updatedAt': ATTR.updatedAt } : {}),
          },
          ExpressionAttributeValues: values,
        }),
      );
    } catch (error) {
      // Settled meanwhile (a feedback arrived): nothing left to defer or retire.
      if (error instanceof ConditionalCheckFailedException) return;
      throw toStorageError(error, 'UpdateItem');
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
