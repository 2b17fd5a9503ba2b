import type { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { handler } from '../../handlers/publish-events.js';
import { KEY_SEPARATOR } from '../../lib/accounts/account.js';
import { publishStreamRecords } from '../../lib/events/publish-records.js';
import { LoggingPublisher } from '../../lib/events/publisher.js';
import type { FakeWorldline } from '../../scripts/lib/fake-worldline.js';
import { toStreamEvent } from '../../scripts/lib/stream-event.js';
import { lambdaContext } from '../support/api-events.js';
import { captureOutput } from '../support/capture-output.js';
import { mockEventBridge } from '../support/event-bridge-mock.js';
import { createStreamTable, readWholeStream, referenceOf } from '../support/local-stream.js';
import type { LocalTable } from '../support/local-table.js';
import {
  onlyCheckout,
  registeredCheckout,
  resultOf,
  shopperReturns,
  startCheckoutWorld,
} from '../support/worldline-checkout.js';
import { uniqueReference } from './fixtures.js';

/**
 * The events of a worldline transaction paid through Hosted Checkout, built from DynamoDB
 * Local's real stream: the stored item holds the checkout's RETURNMAC (the return is checked
 * against it), and no event, EventBridge request or event log line carries it.
 */
let table: LocalTable;
let streams: DynamoDBStreamsClient;
let streamArn: string;
let fake: FakeWorldline;

beforeAll(async () => {
  ({ table, streams, streamArn } = await createStreamTable('wl-events'));
  ({ fake } = await startCheckoutWorld(table));
});
afterAll(async () => {
  await fake.stop();
  streams.destroy();
  table.client.destroy();
});
afterEach(() => {
  vi.restoreAllMocks();
});

describe('events of a transaction paid through Hosted Checkout', () => {
  it('say paid, with account and provider, and never carry the RETURNMAC', async () => {
    const reference = uniqueReference('wl-evt');
    await registeredCheckout('nl', reference);
    const checkout = onlyCheckout(fake, 'nl', reference);
    fake.pay(checkout.hostedCheckoutId, 9);
    expect(resultOf(await shopperReturns('nl', checkout), 'nl').state).toBe('paid');

    const records = (await readWholeStream(streams, streamArn)).filter(
      (record) => referenceOf(record) === `nl${KEY_SEPARATOR}${reference}`,
    );
    // Registration, the checkout attached, the payment: the stream's images hold the RETURNMAC.
    expect(records).toHaveLength(3);
    expect(JSON.stringify(records)).toContain(checkout.returnMac);

    const eventBridge = mockEventBridge();
    const output = captureOutput();
    expect(await handler(toStreamEvent(records, streamArn), lambdaContext())).toEqual({
      batchItemFailures: [],
    });
    expect(eventBridge.details()).toEqual([
      expect.objectContaining({
        account: 'nl',
        provider: 'worldline',
        reference,
        previousState: 'created',
        state: 'paid',
        payId: checkout.hostedCheckoutId,
      }),
    ]);
    // The local mode writes each event as a log line instead.
    await publishStreamRecords(toStreamEvent(records, streamArn).Records, new LoggingPublisher());
    const logged = output.join('');
    expect(logged).toContain('Transaction State Changed');
    expect(logged).toContain(reference);
    const published = JSON.stringify(eventBridge.requests);
    expect(published).toContain(checkout.hostedCheckoutId);
    for (const seen of [published, logged]) expect(seen).not.toContain(checkout.returnMac);
  });
});
