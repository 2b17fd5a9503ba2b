import type { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { handler } from '../../handlers/publish-events.js';
import { KEY_SEPARATOR } from '../../lib/accounts/account.js';
import { DynamoDbTransactionRepository } from '../../lib/dynamodb/repository.js';
import { processNotification } from '../../lib/transactions/process-notification.js';
import { toStreamEvent } from '../../scripts/lib/stream-event.js';
import { lambdaContext } from '../support/api-events.js';
import { mockEventBridge } from '../support/event-bridge-mock.js';
import { createStreamTable, readWholeStream, referenceOf } from '../support/local-stream.js';
import type { LocalTable } from '../support/local-table.js';
import { notificationFor } from '../support/notifications.js';
import { feedbackContext, registerPayment, uniqueReference } from './fixtures.js';

/**
 * State change events of the same reference in two accounts, from DynamoDB Local's real stream:
 * each names its account and provider, and their eventIds (the merchant's dedup key) differ.
 */
let table: LocalTable;
let streams: DynamoDBStreamsClient;
let streamArn: string;
let be: DynamoDbTransactionRepository;

beforeAll(async () => {
  ({ table, streams, streamArn } = await createStreamTable('accounts-events'));
  be = new DynamoDbTransactionRepository(table.client, table.tableName, {
    id: 'be',
    provider: 'ogone',
  });
});
afterAll(() => {
  streams.destroy();
  table.client.destroy();
});
afterEach(() => {
  vi.restoreAllMocks();
});

describe('events of one reference in two accounts', () => {
  it('carry account and provider, the bare reference, and distinct eventIds', async () => {
    const reference = uniqueReference('evt');
    await registerPayment(table.repository, reference);
    await registerPayment(be, reference);
    // The very same notification (same id) reaches both accounts.
    const paid = notificationFor(reference, '9');
    expect((await processNotification(table.repository, paid, feedbackContext())).outcome).toBe(
      'applied',
    );
    expect((await processNotification(be, paid, feedbackContext())).outcome).toBe('applied');

    const keys = [reference, `be${KEY_SEPARATOR}${reference}`];
    const records = (await readWholeStream(streams, streamArn)).filter((record) =>
      keys.includes(referenceOf(record) ?? ''),
    );
    expect(records).toHaveLength(4);
    const eventBridge = mockEventBridge();
    expect(await handler(toStreamEvent(records, streamArn), lambdaContext())).toEqual({
      batchItemFailures: [],
    });
    // Two partitions: the stream orders each, not one against the other.
    const details = eventBridge.details().sort((a, b) => a.account.localeCompare(b.account));
    expect(
      details.map(({ account, provider, reference: ref, state, eventId }) => ({
        account,
        provider,
        ref,
        state,
        eventId,
      })),
    ).toEqual([
      {
        account: 'be',
        provider: 'ogone',
        ref: reference,
        state: 'paid',
        eventId: `be:${reference}:${paid.id}`,
      },
      {
        account: 'default',
        provider: 'ogone',
        ref: reference,
        state: 'paid',
        eventId: `${reference}:${paid.id}`,
      },
    ]);
    expect(new Set(details.map((detail) => detail.eventId)).size).toBe(2);
  });
});
