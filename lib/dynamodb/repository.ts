import {
  ConditionalCheckFailedException,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { KEY_SEPARATOR } from '../accounts/account.js';
import { TransactionError } from '../transactions/errors.js';
import type {
  DuePage,
  NewTransaction,
  NotificationWrite,
  RegisterResult,
  TransactionRepository,
  WriteResult,
} from '../transactions/port.js';
import type { Anomaly, HostedCheckout, Transaction } from '../transactions/transaction.js';
import { s } from './attribute-values.js';
import { ATTR, decodeTransaction, encodeHostedCheckout } from './item-codec.js';
import { DEFAULT_STORE_ACCOUNT, itemKey, type StoreAccount } from './item-key.js';
import { notificationUpdate } from './notification-update.js';
import { OpenIndex } from './open-index.js';
import { registrationItem } from './registration-item.js';
import { toStorageError } from './storage-error.js';

/** The transactions table, one conditional request per call (docs/protocol.md §5, "History"). */
export class DynamoDbTransactionRepository implements TransactionRepository {
  private readonly openIndex: OpenIndex;

  /** One per account: every key, index entry and item it writes is that account's. */
  public constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
    private readonly account: StoreAccount = DEFAULT_STORE_ACCOUNT,
  ) {
    this.openIndex = new OpenIndex(client, tableName, account);
  }

  public async writeNotification(write: NotificationWrite): Promise<WriteResult> {
    try {
      const output = await this.client.send(
        new UpdateItemCommand(notificationUpdate(this.tableName, write, this.account)),
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
      const current = decodeTransaction(error.Item);
      // The SDK counts its sends: after a timed-out send, a retry that finds the notification
      // recorded may have found its own earlier send (process-notification.ts tells them apart).
      const resent = (error.$metadata?.attempts ?? 1) > 1;
      return resent ? { written: false, current, resent } : { written: false, current };
    }
  }

  public async register(transaction: NewTransaction): Promise<RegisterResult> {
    const item = registrationItem(transaction, this.account);
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

  public async attachHostedCheckout(
    reference: string,
    checkout: HostedCheckout,
    nowIso: string,
  ): Promise<Transaction> {
    try {
      const output = await this.client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: { [ATTR.reference]: s(itemKey(this.account.id, reference)) },
          // Only onto a registration, and only the first: a concurrent registration's checkout
          // (the same one, by the idempotence key) is kept as it is.
          ConditionExpression: 'attribute_exists(#reference) AND attribute_not_exists(#checkout)',
          UpdateExpression: 'SET #checkout = :checkout, #updatedAt = :now',
          ExpressionAttributeNames: {
            '#reference': ATTR.reference,
            '#checkout': ATTR.hostedCheckout,
            '#updatedAt': ATTR.updatedAt,
          },
          ExpressionAttributeValues: {
            ':checkout': encodeHostedCheckout(checkout),
            ':now': s(nowIso),
          },
          ReturnValues: 'ALL_NEW',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return decodeTransaction(output.Attributes ?? {});
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException && error.Item !== undefined) {
        return decodeTransaction(error.Item);
      }
      if (error instanceof ConditionalCheckFailedException) {
        throw new TransactionError('No registration to attach a hosted checkout to', {
          context: { reference },
        });
      }
      throw toStorageError(error, 'UpdateItem');
    }
  }

  // Reconciliation's index reads and bookkeeping live in open-index.ts.
  public findDue(nowIso: string, limit: number, after?: string): Promise<DuePage> {
    return this.openIndex.findDue(nowIso, limit, after);
  }

  public scheduleUnscheduled(): Promise<number> {
    return this.openIndex.scheduleUnscheduled();
  }

  public deferOpen(reference: string, nextCheckAtIso: string): Promise<void> {
    return this.openIndex.deferOpen(reference, nextCheckAtIso);
  }

  public retireOpen(reference: string, anomaly: Anomaly, nowIso: string): Promise<void> {
    return this.openIndex.retireOpen(reference, anomaly, nowIso);
  }

  public async get(reference: string): Promise<Transaction | undefined> {
    // No reference of any account holds the key separator (registration and notifications refuse
    // it), so such a "reference" can only be another account's key spelled out: as the default
    // account's bare key it would read that other account's record.
    if (reference.includes(KEY_SEPARATOR)) return undefined;
    try {
      const output = await this.client.send(
        new GetItemCommand({
          TableName: this.tableName,
          Key: { [ATTR.reference]: s(itemKey(this.account.id, reference)) },
          ConsistentRead: true,
        }),
      );
      return output.Item === undefined ? undefined : decodeTransaction(output.Item);
    } catch (error) {
      throw toStorageError(error, 'GetItem');
    }
  }
}
