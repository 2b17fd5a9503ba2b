import {
  EventBridgeClient,
  PutEventsCommand,
  type PutEventsCommandOutput,
  type PutEventsRequestEntry,
} from '@aws-sdk/client-eventbridge';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { EventPublishError, EventsConfigurationError } from '../../../lib/events/errors.js';
import {
  EventBridgePublisher,
  LoggingPublisher,
  publisherFromEnv,
} from '../../../lib/events/publisher.js';
import type { StateChangeDetail } from '../../../lib/events/state-change.js';
import { logger } from '../../../lib/observability/logger.js';

const detail = (index: number): StateChangeDetail => ({
  account: 'default',
  provider: 'ogone',
  eventId: `R-${index}:n${index}`,
  reference: `R-${index}`,
  previousState: 'created',
  state: 'paid',
  amount: '15.1',
  currency: 'EUR',
  payId: '3000001',
  notificationId: `n${index}`,
  occurredAt: '2026-11-27T08:00:00.000Z',
  unmatched: false,
  version: 3,
});

const details = (count: number) => Array.from({ length: count }, (_, index) => detail(index));

type Answer = (entries: PutEventsRequestEntry[]) => Partial<PutEventsCommandOutput>;

const allAccepted: Answer = (entries) => ({
  FailedEntryCount: 0,
  Entries: entries.map((_, index) => ({ EventId: `e-${index}` })),
});

/** An EventBridge client whose send is replaced: it records each request and answers it. */
const mockedClient = (answer: Answer = allAccepted) => {
  const client = new EventBridgeClient({ region: 'eu-west-1' });
  const requests: PutEventsRequestEntry[][] = [];
  vi.spyOn(client, 'send').mockImplementation(async (command: unknown) => {
    expect(command).toBeInstanceOf(PutEventsCommand);
    const entries = (command as PutEventsCommand).input.Entries ?? [];
    requests.push(entries);
    return answer(entries);
  });
  return { client, requests };
};

afterEach(() => {
  vi.restoreAllMocks();
});

describe('EventBridgePublisher', () => {
  it('sends each event with the contract’s Source, DetailType, bus and JSON detail', async () => {
    const { client, requests } = mockedClient();
    await new EventBridgePublisher(client, 'merchant-bus').publish([detail(1)]);
    expect(requests).toEqual([
      [
        {
          Source: 'ogone-feedback',
          DetailType: 'Transaction State Changed',
          EventBusName: 'merchant-bus',
          Detail: JSON.stringify(detail(1)),
          Time: new Date('2026-11-27T08:00:00.000Z'),
        },
      ],
    ]);
    expect(JSON.parse(requests[0]?.[0]?.Detail ?? '')).toEqual(detail(1));
  });

  it.each([
    [0, []],
    [1, [1]],
    [10, [10]],
    [11, [10, 1]],
    [25, [10, 10, 5]],
  ])('sends %i events in requests of at most 10, in order', async (count, sizes) => {
    const { client, requests } = mockedClient();
    await new EventBridgePublisher(client, 'default').publish(details(count));
    expect(requests.map((entries) => entries.length)).toEqual(sizes);
    const sent = requests.flat().map((entry) => JSON.parse(entry.Detail ?? '').eventId);
    expect(sent).toEqual(details(count).map((d) => d.eventId));
  });

  it('stops at a refused entry and reports how many before it are published', async () => {
    const { client, requests } = mockedClient((entries) => ({
      FailedEntryCount: 2,
      Entries: entries.map((_, index) =>
        index === 3 || index === 5
          ? { ErrorCode: 'ThrottlingException', ErrorMessage: 'slow down' }
          : { EventId: `e-${index}` },
      ),
    }));
    const failure = await new EventBridgePublisher(client, 'default')
      .publish(details(25))
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(EventPublishError);
    expect(failure).toMatchObject({
      published: 3,
      context: { eventId: 'R-3:n3', errorCode: 'ThrottlingException' },
    });
    // Nothing after the failed request is sent: the retry starts at the failed event anyway.
    expect(requests).toHaveLength(1);
  });

  it('counts the earlier requests as published when a later one is refused', async () => {
    let call = 0;
    const { client, requests } = mockedClient((entries) => {
      call += 1;
      return call === 2
        ? { FailedEntryCount: 1, Entries: [{ EventId: 'e-0' }, { ErrorCode: 'InternalFailure' }] }
        : allAccepted(entries);
    });
    const failure = await new EventBridgePublisher(client, 'default')
      .publish(details(15))
      .catch((error: unknown) => error);
    expect(failure).toMatchObject({ published: 11 });
    expect(requests).toHaveLength(2);
  });

  it('treats a failure count with no entry marked as a failure of the whole request', async () => {
    const { client } = mockedClient(() => ({ FailedEntryCount: 1, Entries: [] }));
    await expect(
      new EventBridgePublisher(client, 'default').publish(details(3)),
    ).rejects.toMatchObject({ published: 0 });
  });

  it('wraps a failed request, with its cause, as nothing published from that request', async () => {
    const client = new EventBridgeClient({ region: 'eu-west-1' });
    const cause = new Error('socket hang up');
    vi.spyOn(client, 'send').mockImplementation(async () => {
      throw cause;
    });
    const failure = await new EventBridgePublisher(client, 'default')
      .publish(details(2))
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(EventPublishError);
    expect(failure).toMatchObject({ published: 0, cause });
  });
});

describe('LoggingPublisher', () => {
  it('logs one line per event with the detail', async () => {
    const info = vi.spyOn(logger, 'info').mockImplementation(() => undefined);
    await new LoggingPublisher().publish(details(2));
    expect(info.mock.calls).toEqual([
      ['Transaction State Changed', expect.objectContaining({ detail: detail(0) })],
      ['Transaction State Changed', expect.objectContaining({ detail: detail(1) })],
    ]);
  });
});

describe('publisherFromEnv', () => {
  it.each([
    [{}, EventBridgePublisher],
    [{ EVENTS_MODE: '' }, EventBridgePublisher],
    [{ EVENTS_MODE: 'eventbridge', EVENT_BUS_NAME: 'bus' }, EventBridgePublisher],
    [{ EVENTS_MODE: 'log' }, LoggingPublisher],
  ])('%j gives %o', (env, type) => {
    expect(publisherFromEnv(env)).toBeInstanceOf(type);
  });

  it('refuses an unknown EVENTS_MODE rather than guess', () => {
    expect(() => publisherFromEnv({ EVENTS_MODE: 'logs' })).toThrow(EventsConfigurationError);
  });

  it('publishes to EVENT_BUS_NAME, or the default bus', async () => {
    const send = vi
      .spyOn(EventBridgeClient.prototype, 'send')
      .mockImplementation(async () => allAccepted([{}]));
    await publisherFromEnv({ AWS_REGION: 'eu-west-1', EVENT_BUS_NAME: 'merchant' }).publish([
      detail(1),
    ]);
    await publisherFromEnv({ AWS_REGION: 'eu-west-1' }).publish([detail(1)]);
    const buses = send.mock.calls.map(
      ([command]) => (command as PutEventsCommand).input.Entries?.[0]?.EventBusName,
    );
    expect(buses).toEqual(['merchant', 'default']);
  });
});
