import {
  type AttributeValue,
  ConditionalCheckFailedException,
  type DynamoDBClient,
  QueryCommand,
  type QueryCommandOutput,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { DEFAULT_ACCOUNT_ID } from '../accounts/account.js';
import { ItemTooLargeError } from '../transactions/errors.js';
import type { DuePage, OpenTransaction } from '../transactions/port.js';
import type { Anomaly } from '../transactions/transaction.js';
import { list, n, readString, s } from './attribute-values.js';
import { ATTR, encodeAnomaly } from './item-codec.js';
import { itemKey, openBucketOf, referenceOfKey, type StoreAccount } from './item-key.js';
import { toStorageError } from './storage-error.js';
import { DUE_INDEX, LEGACY_OPEN_INDEX, OPEN_BUCKET } from './table-schema.js';

/** Legacy-index pages read per run at most, and their size: bounds the migration's reads. */
const LEGACY_PAGES = 5;
const LEGACY_PAGE_SIZE = 1000;
/**
 * Check times written at once: thousands written one after another would take most of the run's
 * time before its first query; all at once would be throttled.
 */
const LEGACY_WRITES_AT_ONCE = 8;

const NAMES = {
  '#open': ATTR.openBucket,
  '#next': ATTR.nextCheckAt,
} as const;

const toEntries = (
  items: readonly Record<string, AttributeValue>[],
  account: string,
): OpenTransaction[] =>
  items.flatMap((item) => {
    const key = readString(item, ATTR.reference);
    const createdAt = readString(item, ATTR.createdAt);
    return key === null || createdAt === null
      ? []
      : [{ reference: referenceOfKey(account, key), createdAt }];
  });

/** The page cursor travels through the domain as text: only string key attributes exist here. */
const encodeCursor = (key: Record<string, AttributeValue> | undefined): string | undefined =>
  key === undefined
    ? undefined
    : JSON.stringify(Object.fromEntries(Object.entries(key).map(([name, v]) => [name, v.S])));

const decodeCursor = (cursor: string): Record<string, AttributeValue> =>
  Object.fromEntries(
    Object.entries(JSON.parse(cursor) as Record<string, string>).map(([name, v]) => [name, s(v)]),
  );

/**
 * Reconciliation's reads and bookkeeping on the open index. The due query is a key condition, not
 * a filter: every item it reads is due, so a page is never short and the limit is exact.
 */
export class OpenIndex {
  public constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
    private readonly account: StoreAccount,
  ) {}

  public async findDue(nowIso: string, limit: number, after?: string): Promise<DuePage> {
    try {
      const output = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: DUE_INDEX,
          KeyConditionExpression: '#open = :open AND #next <= :now',
          ExpressionAttributeNames: NAMES,
          ExpressionAttributeValues: {
            ':open': s(openBucketOf(this.account.id)),
            ':now': s(nowIso),
          },
          Limit: limit,
          ...(after === undefined ? {} : { ExclusiveStartKey: decodeCursor(after) }),
        }),
      );
      const next = encodeCursor(output.LastEvaluatedKey);
      const entries = toEntries(output.Items ?? [], this.account.id);
      return { entries, ...(next === undefined ? {} : { next }) };
    } catch (error) {
      throw toStorageError(error, 'Query');
    }
  }

  /**
   * Open transactions stored before registration wrote `nextCheckAt` are absent from the due
   * index; giving them their registration time as check time puts them in it, due at once.
   */
  public async scheduleUnscheduled(): Promise<number> {
    // Only the default account has transactions older than the due index (item-key.ts).
    if (this.account.id !== DEFAULT_ACCOUNT_ID) return 0;
    let scheduled = 0;
    let startKey: Record<string, AttributeValue> | undefined;
    for (let page = 0; page < LEGACY_PAGES; page++) {
      let output: QueryCommandOutput;
      try {
        output = await this.client.send(
          new QueryCommand({
            TableName: this.tableName,
            IndexName: LEGACY_OPEN_INDEX,
            KeyConditionExpression: '#open = :open',
            FilterExpression: 'attribute_not_exists(#next)',
            ExpressionAttributeNames: NAMES,
            ExpressionAttributeValues: { ':open': s(OPEN_BUCKET) },
            Limit: LEGACY_PAGE_SIZE,
            ...(startKey === undefined ? {} : { ExclusiveStartKey: startKey }),
          }),
        );
      } catch (error) {
        throw toStorageError(error, 'Query');
      }
      const entries = toEntries(output.Items ?? [], this.account.id);
      for (let at = 0; at < entries.length; at += LEGACY_WRITES_AT_ONCE) {
        const writes = await Promise.allSettled(
          entries.slice(at, at + LEGACY_WRITES_AT_ONCE).map(({ reference, createdAt }) =>
            // Only where nothing set one meanwhile: a run or a feedback may have been first.
            this.updateIfOpen(reference, 'SET #next = :next', { ':next': s(createdAt) }, true),
          ),
        );
        for (const write of writes) {
          // Settled first, so that no write of this run is still going when it fails.
          if (write.status === 'rejected') throw write.reason;
          if (write.value) scheduled += 1;
        }
      }
      startKey = output.LastEvaluatedKey;
      if (startKey === undefined) break;
    }
    return scheduled;
  }

  public async deferOpen(reference: string, nextCheckAtIso: string): Promise<void> {
    await this.updateIfOpen(reference, 'SET #next = :next', { ':next': s(nextCheckAtIso) });
  }

  public async retireOpen(reference: string, anomaly: Anomaly, nowIso: string): Promise<void> {
    try {
      await this.updateIfOpen(
        reference,
        'REMOVE #open, #next SET #anomalies = list_append(if_not_exists(#anomalies, :empty), :anomaly), #updatedAt = :now',
        { ':anomaly': list([encodeAnomaly(anomaly)]), ':empty': list([]), ':now': s(nowIso) },
      );
    } catch (error) {
      if (!(error instanceof ItemTooLargeError)) throw error;
      // No room left even for the anomaly: out of the index all the same (which shrinks the
      // item), else the entry would stay due and be asked again first in every run.
      await this.updateIfOpen(reference, 'REMOVE #open, #next SET #updatedAt = :now', {
        ':now': s(nowIso),
      });
    }
  }

  /** Reconciliation bookkeeping, only while the transaction is still open; true if it wrote. */
  private async updateIfOpen(
    reference: string,
    expression: string,
    values: Record<string, AttributeValue>,
    onlyUnscheduled = false,
  ): Promise<boolean> {
    try {
      await this.client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: { [ATTR.reference]: s(itemKey(this.account.id, reference)) },
          // Every write raises the version (item-codec.ts), bookkeeping included.
          UpdateExpression: `${expression} ADD #version :one`,
          ConditionExpression: onlyUnscheduled
            ? 'attribute_exists(#open) AND attribute_not_exists(#next)'
            : 'attribute_exists(#open)',
          ExpressionAttributeNames: {
            ...NAMES,
            '#version': ATTR.version,
            ...(expression.includes('#anomalies') ? { '#anomalies': ATTR.anomalies } : {}),
            ...(expression.includes('#updatedAt') ? { '#updatedAt': ATTR.updatedAt } : {}),
          },
          ExpressionAttributeValues: { ...values, ':one': n(1) },
        }),
      );
      return true;
    } catch (error) {
      // Settled meanwhile (a feedback arrived): nothing left to defer or retire.
      if (error instanceof ConditionalCheckFailedException) return false;
      throw toStorageError(error, 'UpdateItem');
    }
  }
}
