import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbTransactionRepository } from '../../lib/dynamodb/repository.js';
import { processNotification } from '../../lib/transactions/process-notification.js';
import { localClient } from '../../scripts/lib/dynamodb-local.js';
import { createLocalTable, type LocalTable } from '../support/local-table.js';
import { notificationFor } from '../support/notifications.js';
import { feedbackContext, registerPayment, uniqueReference } from './fixtures.js';

/**
 * The SDK retries a request whose answer timed out (lib/dynamodb/client.ts). When the first
 * UpdateItem had landed, the retry fails its own condition ("not yet recorded") and brings back
 * the item with this very notification in it: it was recorded by this call, not before it, so
 * what it did (an anomaly, a state change) must still be reported, and alerted, once.
 */
let table: LocalTable;
let client: DynamoDBClient;
let repository: DynamoDbTransactionRepository;
let loseNextAnswer = false;

beforeAll(async () => {
  table = await createLocalTable('landed');
  client = localClient(table.endpoint);
  // Inside the SDK's retry loop, below the deserializer: a write that DynamoDB carried out (HTTP
  // 200) reaches the table, then its answer is "lost". Failed conditions pass through untouched.
  client.middlewareStack.add(
    (next) => async (args) => {
      const output = await next(args);
      const landed = (output.response as { statusCode?: number }).statusCode === 200;
      if (loseNextAnswer && landed) {
        loseNextAnswer = false;
        throw Object.assign(new Error('answer lost after the write landed'), {
          name: 'TimeoutError',
        });
      }
      return output;
    },
    { step: 'deserialize', name: 'loseAnswerAfterLanding' },
  );
  repository = new DynamoDbTransactionRepository(client, table.tableName);
});
afterAll(() => {
  client.destroy();
  table.client.destroy();
});

describe('a notification write that landed but whose answer was lost', () => {
  it('a double payment is still reported as one, with its anomaly (alerted)', async () => {
    const reference = uniqueReference('landed-dp');
    await registerPayment(table.repository, reference);
    await processNotification(repository, notificationFor(reference, '9', { payId: 'A' }), {
      ...feedbackContext(),
    });
    loseNextAnswer = true;
    const second = notificationFor(reference, '9', { payId: 'B' });
    const result = await processNotification(repository, second, feedbackContext());
    expect(loseNextAnswer).toBe(false);
    expect(result).toMatchObject({ outcome: 'double_payment', anomalies: ['double_payment'] });
    const stored = await table.repository.get(reference);
    expect(stored?.notifications.map((record) => record.outcome)).toEqual([
      'applied',
      'double_payment',
    ]);
    expect(stored?.anomalies.map((anomaly) => anomaly.type)).toEqual(['double_payment']);
  });

  it('an applied payment is reported applied; an unmatched creation is reported created', async () => {
    const reference = uniqueReference('landed-ok');
    await registerPayment(table.repository, reference);
    loseNextAnswer = true;
    const paid = await processNotification(
      repository,
      notificationFor(reference, '9', { payId: 'A' }),
      feedbackContext(),
    );
    expect(paid).toMatchObject({ outcome: 'applied', anomalies: [], createdUnmatched: false });
    expect(paid.transaction.state).toBe('paid');

    loseNextAnswer = true;
    const unmatched = await processNotification(
      repository,
      notificationFor(uniqueReference('landed-unm'), '5', { payId: undefined }),
      feedbackContext(),
    );
    expect(unmatched).toMatchObject({
      outcome: 'missing_pay_id',
      anomalies: ['missing_pay_id'],
      createdUnmatched: true,
    });
  });

  it('a redelivery later (another call) is still a duplicate', async () => {
    const reference = uniqueReference('landed-dup');
    await registerPayment(table.repository, reference);
    const notification = notificationFor(reference, '42', { payId: 'A' });
    loseNextAnswer = true;
    expect((await processNotification(repository, notification, feedbackContext())).outcome).toBe(
      'unknown_status',
    );
    const again = await processNotification(repository, notification, feedbackContext());
    expect(again).toMatchObject({ outcome: 'duplicate', anomalies: [], writes: 1 });
  });
});
