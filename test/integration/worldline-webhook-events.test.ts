import type { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { handler } from '../../handlers/publish-events.js';
import { KEY_SEPARATOR } from '../../lib/accounts/account.js';
import { toStreamEvent } from '../../scripts/lib/stream-event.js';
import { lambdaContext } from '../support/api-events.js';
import { mockEventBridge } from '../support/event-bridge-mock.js';
import { useHandlerEnvironment } from '../support/handler-environment.js';
import { createStreamTable, readWholeStream, referenceOf } from '../support/local-stream.js';
import type { LocalTable } from '../support/local-table.js';
import { writeAccountsFile } from '../support/two-accounts.js';
import { mixedAccountsDocument, registerInWorldline } from '../support/worldline-accounts.js';
import { deliverWebhook, eventBody, signedFor } from '../support/worldline-webhooks.js';
import { uniqueReference } from './fixtures.js';

/**
 * A state changed by a Worldline webhook is published as any other, from DynamoDB Local's real
 * stream: the same `Transaction State Changed` event, naming its account and the provider
 * `worldline`, keyed by the event id as its notification id.
 */
let table: LocalTable;
let streams: DynamoDBStreamsClient;
let streamArn: string;

beforeAll(async () => {
  ({ table, streams, streamArn } = await createStreamTable('worldline-events'));
  useHandlerEnvironment(table, { ACCOUNTS_FILE: writeAccountsFile(mixedAccountsDocument()) });
});
afterAll(() => {
  streams.destroy();
});
afterEach(() => {
  vi.restoreAllMocks();
});

describe('events of a webhook', () => {
  it('publish each state change with provider worldline; a duplicate publishes nothing', async () => {
    const reference = uniqueReference('evt');
    await registerInWorldline('nl', reference);
    const authorized = eventBody({ reference, statusCode: 5, paymentId: '3136405348_0' });
    const captured = eventBody({ reference, statusCode: 9 });
    for (const body of [authorized, captured, captured]) {
      expect((await deliverWebhook('nl', signedFor('nl', body))).statusCode).toBe(200);
    }
    const records = (await readWholeStream(streams, streamArn)).filter(
      (record) => referenceOf(record) === `nl${KEY_SEPARATOR}${reference}`,
    );
    const eventBridge = mockEventBridge();
    expect(await handler(toStreamEvent(records, streamArn), lambdaContext())).toEqual({
      batchItemFailures: [],
    });
    const ids = [authorized, captured].map((body) => (JSON.parse(body) as { id: string }).id);
    expect(
      eventBridge
        .details()
        .map(({ account, provider, reference: ref, previousState, state, eventId }) => ({
          account,
          provider,
          ref,
          previousState,
          state,
          eventId,
        })),
    ).toEqual([
      {
        account: 'nl',
        provider: 'worldline',
        ref: reference,
        previousState: 'created',
        state: 'authorized',
        eventId: `nl:${reference}:${ids[0]}`,
      },
      {
        account: 'nl',
        provider: 'worldline',
        ref: reference,
        previousState: 'authorized',
        state: 'paid',
        eventId: `nl:${reference}:${ids[1]}`,
      },
    ]);
  });
});
