import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { _Record, DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { handler } from '../../handlers/publish-events.js';
import { DynamoDbTransactionRepository } from '../../lib/dynamodb/repository.js';
import type { StateChangeDetail } from '../../lib/events/state-change.js';
import type { OgoneNotification } from '../../lib/ogone/notification.js';
import { processNotification } from '../../lib/transactions/process-notification.js';
import { localClient } from '../../scripts/lib/dynamodb-local.js';
import { toStreamEvent } from '../../scripts/lib/stream-event.js';
import { startStreamPoller } from '../../scripts/lib/stream-poller.js';
import { lambdaContext } from '../support/api-events.js';
import { mockEventBridge } from '../support/event-bridge-mock.js';
import {
  createStreamTable,
  readWholeStream,
  referenceOf,
  sequenceOf,
} from '../support/local-stream.js';
import type { LocalTable } from '../support/local-table.js';
import { notificationFor } from '../support/notifications.js';
import { feedbackContext, registerPayment, uniqueReference } from './fixtures.js';

/**
 * The stream handler against DynamoDB Local's real stream: the writes come from the domain path
 * (registerTransaction, processNotification), the records from the stream, and only EventBridge,
 * which has no local emulator, is replaced.
 */
let table: LocalTable;
let streams: DynamoDBStreamsClient;
let streamArn: string;

beforeAll(async () => {
  ({ table, streams, streamArn } = await createStreamTable('events'));
});
afterAll(() => {
  streams.destroy();
  table.client.destroy();
});
afterEach(() => {
  vi.restoreAllMocks();
});

const deliver = (notification: OgoneNotification) =>
  processNotification(table.repository, notification, feedbackContext());

/** The stream's records for one reference, in stream order. */
const recordsOf = async (reference: string): Promise<_Record[]> =>
  (await readWholeStream(streams, streamArn)).filter((record) => referenceOf(record) === reference);

const invoke = async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> =>
  (await handler(event, lambdaContext())) as DynamoDBBatchResponse;

describe('state change events from the table stream', () => {
  it('publishes created → pending → paid as two events, in order, and nothing else', async () => {
    const reference = uniqueReference('evt');
    await registerPayment(table.repository, reference);
    const pending = notificationFor(reference, '51');
    const paid = notificationFor(reference, '9', { payId: '3000007' });
    expect((await deliver(pending)).outcome).toBe('applied');
    expect((await deliver(paid)).outcome).toBe('applied');
    expect((await deliver(paid)).outcome).toBe('duplicate');
    expect((await deliver(notificationFor(reference, '51'))).outcome).toBe('stale');
    expect((await deliver(notificationFor(reference, '94'))).outcome).toBe('no_change');

    const records = await recordsOf(reference);
    // Registration, pending, paid, the stale and the status-only records: a duplicate writes none.
    expect(records.map((record) => record.eventName)).toEqual([
      'INSERT',
      'MODIFY',
      'MODIFY',
      'MODIFY',
      'MODIFY',
    ]);
    const eventBridge = mockEventBridge();
    expect(await invoke(toStreamEvent(records, streamArn))).toEqual({ batchItemFailures: [] });

    const stored = await table.repository.get(reference);
    expect(eventBridge.requests).toHaveLength(1);
    expect(eventBridge.requests[0]?.[0]).toMatchObject({
      Source: 'ogone-feedback',
      DetailType: 'Transaction State Changed',
      EventBusName: 'merchant-bus',
    });
    expect(eventBridge.details()).toEqual([
      {
        eventId: `${reference}:${pending.id}`,
        account: 'default',
        provider: 'ogone',
        reference,
        previousState: 'created',
        state: 'pending',
        amount: '15.1',
        currency: 'EUR',
        payId: '3000001',
        notificationId: pending.id,
        occurredAt: stored?.notifications[0]?.receivedAt,
        unmatched: false,
        // Registration stored version 1; each write after it raises it by one.
        version: 2,
      },
      {
        eventId: `${reference}:${paid.id}`,
        account: 'default',
        provider: 'ogone',
        reference,
        previousState: 'pending',
        state: 'paid',
        amount: '15.1',
        currency: 'EUR',
        payId: '3000007',
        notificationId: paid.id,
        occurredAt: stored?.notifications[1]?.receivedAt,
        unmatched: false,
        version: 3,
      },
    ]);
  });

  it('publishes nothing for a registration alone, nor for a repeated registration', async () => {
    const reference = uniqueReference('reg');
    await registerPayment(table.repository, reference);
    await registerPayment(table.repository, reference);
    const records = await recordsOf(reference);
    expect(records.map((record) => record.eventName)).toEqual(['INSERT']);
    const eventBridge = mockEventBridge();
    expect(await invoke(toStreamEvent(records, streamArn))).toEqual({ batchItemFailures: [] });
    expect(eventBridge.requests).toEqual([]);
  });

  it.each([
    ['9', 'paid', 1],
    ['2', 'declined', 1],
    ['94', 'created', 0],
  ])('an unmatched STATUS %s creates it %s: %i event', async (status, state, events) => {
    const reference = uniqueReference('unm');
    const notification = notificationFor(reference, status);
    await deliver(notification);
    const eventBridge = mockEventBridge();
    await invoke(toStreamEvent(await recordsOf(reference), streamArn));
    expect(eventBridge.details()).toEqual(
      events === 0
        ? []
        : [
            expect.objectContaining({
              previousState: null,
              state,
              notificationId: notification.id,
              unmatched: true,
              version: 1,
            }),
          ],
    );
  });

  it('publishes the hold in review of an amount mismatch', async () => {
    const reference = uniqueReference('rev');
    await registerPayment(table.repository, reference);
    const wrong = notificationFor(reference, '9', { amount: '15.11' });
    expect((await deliver(wrong)).outcome).toBe('amount_mismatch');
    const eventBridge = mockEventBridge();
    await invoke(toStreamEvent(await recordsOf(reference), streamArn));
    expect(eventBridge.details()).toEqual([
      expect.objectContaining({
        previousState: 'created',
        state: 'review',
        notificationId: wrong.id,
      }),
    ]);
  });
});

/** The version each stream record's new image carries, in stream order. */
const versionsOf = (records: readonly _Record[]): (string | undefined)[] =>
  records.map((record) => record.dynamodb?.NewImage?.version?.N);

describe('event versions', () => {
  it('marks every event of an unmatched reference, and versions them from its first write', async () => {
    const reference = uniqueReference('unv');
    await deliver(notificationFor(reference, '51'));
    await deliver(notificationFor(reference, '9'));
    const eventBridge = mockEventBridge();
    await invoke(toStreamEvent(await recordsOf(reference), streamArn));
    expect(
      eventBridge.details().map(({ state, unmatched, version }) => [state, unmatched, version]),
    ).toEqual([
      ['pending', true, 1],
      ['paid', true, 2],
    ]);
  });

  it.each([
    ['a registered', true],
    ['an unmatched', false],
  ])(
    '20 concurrent distinct notifications on %s reference: one version per write, rising in write order',
    async (_, registered) => {
      const reference = uniqueReference('ver');
      if (registered) await registerPayment(table.repository, reference);
      const statuses = ['51', '2', '5', '9'];
      const notifications = Array.from({ length: 20 }, (_, index) =>
        notificationFor(reference, statuses[index % statuses.length] as string),
      );
      // Separate clients, each with its own connections, so the writes really race at the table.
      const clients = Array.from({ length: 5 }, () => localClient(table.endpoint));
      try {
        const results = await Promise.all(
          notifications.map((notification, index) =>
            processNotification(
              new DynamoDbTransactionRepository(
                clients[index % clients.length] as DynamoDBClient,
                table.tableName,
              ),
              notification,
              feedbackContext(),
            ),
          ),
        );
        expect(results.filter((result) => result.outcome === 'duplicate')).toEqual([]);
      } finally {
        for (const client of clients) client.destroy();
      }

      const records = await recordsOf(reference);
      const writes = registered ? 21 : 20;
      // Every write, the registration included, took the next version: none repeated or skipped.
      expect(versionsOf(records)).toEqual(
        Array.from({ length: writes }, (_, index) => String(index + 1)),
      );

      const eventBridge = mockEventBridge();
      expect(await invoke(toStreamEvent(records, streamArn))).toEqual({ batchItemFailures: [] });
      const events = eventBridge.details();
      expect(events.length).toBeGreaterThan(0);
      const versions = events.map((event) => event.version);
      expect(versions).toEqual([...new Set(versions)].sort((a, b) => a - b));
      for (const event of events) {
        const record = records.find((candidate) =>
          candidate.dynamodb?.NewImage?.notifications?.L?.some(
            (entry) => entry.M?.id?.S === event.notificationId,
          ),
        );
        // The event's version is that of the write that stored its notification.
        expect(String(event.version)).toBe(record?.dynamodb?.NewImage?.version?.N);
      }

      // A consumer that receives them in reverse and keeps only a higher version per reference
      // ends where the table is.
      const kept = [...events]
        .reverse()
        .reduce<StateChangeDetail | undefined>(
          (last, event) => (last === undefined || event.version > last.version ? event : last),
          undefined,
        );
      expect(kept?.state).toBe((await table.repository.get(reference))?.state);
    },
  );
});

describe('a failing PutEvents', () => {
  const paidTwice = async () => {
    const reference = uniqueReference('fail');
    await registerPayment(table.repository, reference);
    await deliver(notificationFor(reference, '51'));
    await deliver(notificationFor(reference, '9'));
    const records = await recordsOf(reference);
    expect(records).toHaveLength(3);
    return records;
  };

  it('reports the record of the first refused event, and a retry from it publishes the rest', async () => {
    const records = await paidTwice();
    const refused = mockEventBridge((entries) => ({
      FailedEntryCount: 1,
      Entries: entries.map((_, index) =>
        index === 1 ? { ErrorCode: 'ThrottlingException' } : { EventId: `e-${index}` },
      ),
    }));
    expect(await invoke(toStreamEvent(records, streamArn))).toEqual({
      batchItemFailures: [{ itemIdentifier: sequenceOf(records[2]) }],
    });
    expect(refused.details().map((detail) => detail.state)).toEqual(['pending', 'paid']);
    vi.restoreAllMocks();

    // What Lambda does next: the same shard from the reported record on.
    const retried = mockEventBridge();
    expect(await invoke(toStreamEvent(records.slice(2), streamArn))).toEqual({
      batchItemFailures: [],
    });
    expect(retried.details().map((detail) => detail.state)).toEqual(['paid']);
  });

  it('reports the first state change, not the registration before it, when PutEvents throws', async () => {
    const records = await paidTwice();
    vi.spyOn(EventBridgeClient.prototype, 'send').mockImplementation(async () => {
      throw Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
    });
    expect(await invoke(toStreamEvent(records, streamArn))).toEqual({
      batchItemFailures: [{ itemIdentifier: sequenceOf(records[1]) }],
    });
  });
});

describe('the local stream poller (npm start)', () => {
  it('hands every new stream record to the stream handler, in order', async () => {
    const eventBridge = mockEventBridge();
    const seen: string[] = [];
    const poller = await startStreamPoller({
      endpoint: table.endpoint,
      tableName: table.tableName,
      from: 'LATEST',
      intervalMs: 50,
      handler: async (event, context) => {
        seen.push(...event.Records.map((record) => record.dynamodb?.SequenceNumber ?? ''));
        return handler(event, context);
      },
    });
    try {
      const reference = uniqueReference('poll');
      await registerPayment(table.repository, reference);
      await deliver(notificationFor(reference, '51'));
      await deliver(notificationFor(reference, '9'));
      await vi.waitFor(() => expect(eventBridge.details()).toHaveLength(2), { timeout: 10_000 });
      expect(eventBridge.details().map((detail) => [detail.reference, detail.state])).toEqual([
        [reference, 'pending'],
        [reference, 'paid'],
      ]);
      // Started at LATEST: nothing written before it (the other tests' records) reached it.
      expect(seen).toEqual((await recordsOf(reference)).map(sequenceOf));
    } finally {
      await poller.stop();
    }
  });
});
