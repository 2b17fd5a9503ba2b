import { randomUUID } from 'node:crypto';
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localClient } from '../../scripts/lib/dynamodb-local.js';
import { feedbackParams, signedForm } from '../support/feedback-requests.js';
import {
  eventually,
  pool,
  type RawRequest,
  type RawResponse,
  type ServiceUnderTest,
  startService,
  warmUp,
} from './support/http-client.js';

/**
 * The race Ogone promises (docs/protocol.md §2): the browser redirect and the server request of
 * the same events, repeated, concurrent, by GET and by POST, against the running service over
 * HTTP. Whatever wins each race, the transaction ends in the highest-ranked state, with every
 * distinct notification recorded once and one `applied` entry per state change.
 */
const RESULT_URL = 'https://shop.example/payment/result?from=ogone';
/** Requests in flight at once: every worker of serverless-offline's pool busy, and then some. */
const IN_FLIGHT = 50;
const COPIES = 40;

/**
 * Five distinct notifications of one payment, with their ranks (docs/protocol.md §4 and §5): 51
 * (authorisation waiting, `pending`, 10) and 52 (authorisation not known, `pending`, 10) share a
 * state, so at most one of them applies; 2 (refused, `declined`, 20) is a first attempt with its
 * own PAYID; 5 (`authorized`, 30) and 9 (`paid`, 40) are the successful retry. 9 outranks all, so
 * it always applies and the payment ends `paid`, whatever the order.
 */
const EVENTS = [
  { status: '51', state: 'pending', rank: 10, overrides: {} },
  { status: '52', state: 'pending', rank: 10, overrides: { NCERROR: '20001001' } },
  {
    status: '2',
    state: 'declined',
    rank: 20,
    overrides: { PAYID: '3000009', NCERROR: '30001001', ACCEPTANCE: '' },
  },
  { status: '5', state: 'authorized', rank: 30, overrides: {} },
  { status: '9', state: 'paid', rank: 40, overrides: {} },
] as const;
const RANK_OF_STATUS = new Map<string, number>(EVENTS.map((event) => [event.status, event.rank]));
const STATE_OF_STATUS = new Map<string, string>(EVENTS.map((event) => [event.status, event.state]));

let service: ServiceUnderTest;

beforeAll(async () => {
  service = await startService(RESULT_URL, IN_FLIGHT);
  await warmUp(service, IN_FLIGHT);
}, 300_000);

afterAll(async () => {
  await service?.stop();
});

interface Delivery {
  readonly event: (typeof EVENTS)[number];
  readonly kind: 'browser-get' | 'server-post';
  readonly request: RawRequest;
}

/** Every event COPIES times, half as browser redirects and half as server POSTs, interleaved. */
const deliveriesFor = (reference: string): Delivery[] => {
  const deliveries: Delivery[] = [];
  for (let copy = 0; copy < COPIES; copy++) {
    for (const event of copy % 2 === 0 ? EVENTS : [...EVENTS].reverse()) {
      const form = signedForm(
        feedbackParams(reference, event.status, event.overrides),
        service.passphrase,
      );
      deliveries.push(
        copy % 2 === 0
          ? {
              event,
              kind: 'browser-get',
              request: {
                method: 'GET',
                path: `/payment/ogone/return?${form}`,
                headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' },
              },
            }
          : {
              event,
              kind: 'server-post',
              request: {
                method: 'POST',
                path: '/payment/ogone/return',
                headers: { 'content-type': 'application/x-www-form-urlencoded' },
                body: Buffer.from(form),
              },
            },
      );
    }
  }
  return deliveries;
};

interface Sent {
  readonly delivery: Delivery;
  readonly response: RawResponse;
  readonly startedAtMs: number;
}

const race = async (reference: string) => {
  const deliveries = deliveriesFor(reference);
  const sent = await pool(deliveries, IN_FLIGHT, async (delivery): Promise<Sent> => {
    const startedAtMs = Date.now();
    return { delivery, response: await service.send(delivery.request), startedAtMs };
  });
  const starts = sent.map((s) => s.startedAtMs);
  // A figure for the report, not an assertion: how quickly all of them were on their way.
  console.info(
    `${sent.length} deliveries for ${reference}: all sent within ${Math.max(...starts) - Math.min(...starts)} ms, ${IN_FLIGHT} in flight`,
  );
  return sent;
};

const expectAnswers = (sent: readonly Sent[], reference: string): void => {
  const statuses = sent.map((s) => s.response.status);
  expect(statuses.filter((status) => status >= 500)).toEqual([]);
  for (const { delivery, response } of sent) {
    if (delivery.kind === 'browser-get') {
      expect(response.status, response.body).toBe(303);
      const location = String(response.headers.location ?? '');
      expect(location.startsWith(RESULT_URL)).toBe(true);
      const url = new URL(location);
      expect(url.searchParams.get('reference')).toBe(reference);
      expect(['pending', 'declined', 'authorized', 'paid']).toContain(
        url.searchParams.get('state'),
      );
    } else {
      expect(response.status, response.body).toBe(200);
      expect(response.body).toBe('OK');
      expect(String(response.headers['content-type'])).toContain('text/plain');
    }
  }
};

interface StoredNotification {
  readonly id: string;
  readonly ogoneStatus: string;
  readonly payId: string;
  readonly outcome: string;
}

/** The history must read as one sequential delivery: applied entries climb, each state once. */
const expectHistory = (notifications: readonly StoredNotification[]): void => {
  expect(notifications).toHaveLength(EVENTS.length);
  expect(new Set(notifications.map((n) => n.id)).size).toBe(EVENTS.length);
  expect(notifications.map((n) => n.ogoneStatus).sort()).toEqual(
    EVENTS.map((e) => e.status).sort(),
  );
  let rank = 0;
  const appliedStates: string[] = [];
  for (const record of notifications) {
    const recordRank = RANK_OF_STATUS.get(record.ogoneStatus) ?? -1;
    if (record.outcome === 'applied') {
      expect(recordRank).toBeGreaterThan(rank);
      rank = recordRank;
      appliedStates.push(STATE_OF_STATUS.get(record.ogoneStatus) ?? '?');
    } else {
      expect(record.outcome).toBe('stale');
      expect(recordRank).toBeLessThanOrEqual(rank);
    }
  }
  // One applied entry per state change: every applied entry entered a new state.
  expect(new Set(appliedStates).size).toBe(appliedStates.length);
  expect(appliedStates.at(-1)).toBe('paid');
  expect(notifications.filter((n) => n.ogoneStatus === '9').map((n) => n.outcome)).toEqual([
    'applied',
  ]);
  const pendings = notifications.filter((n) => n.ogoneStatus === '51' || n.ogoneStatus === '52');
  expect(pendings.filter((n) => n.outcome === 'applied').length).toBeLessThanOrEqual(1);
};

/** What each handler logged about this reference: one line per delivery, none lost. */
const loggedOutcomes = (reference: string): string[] =>
  service.stack
    .output()
    .split('\n')
    .filter(
      (line) => line.startsWith('{') && line.includes(`"reference":${JSON.stringify(reference)}`),
    )
    .flatMap((line) => {
      try {
        const entry = JSON.parse(line) as { outcome?: unknown; unmatched?: unknown };
        return typeof entry.outcome === 'string' && entry.unmatched === undefined
          ? [entry.outcome]
          : [];
      } catch {
        return [];
      }
    });

const storedIdSet = async (reference: string): Promise<string[]> => {
  const client = localClient(service.stack.dynamoDb.endpoint);
  try {
    const output = await client.send(
      new GetItemCommand({
        TableName: service.stack.settings.TRANSACTIONS_TABLE as string,
        Key: { reference: { S: reference } },
        ConsistentRead: true,
      }),
    );
    return [...(output.Item?.notificationIds?.SS ?? [])].sort();
  } finally {
    client.destroy();
  }
};

describe('200 concurrent deliveries of 5 notifications, browser GETs and server POSTs', () => {
  it('a registered reference ends paid, each notification recorded once, one applied per change', async () => {
    const reference = `RACE-${randomUUID().slice(0, 8)}`;
    expect((await service.register(reference)).status).toBe(201);

    const sent = await race(reference);
    expect(sent).toHaveLength(EVENTS.length * COPIES);
    expectAnswers(sent, reference);

    const { status, body } = await service.read(reference);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      state: 'paid',
      ogoneStatus: '9',
      payId: '3000001',
      unmatched: false,
      anomalies: [],
    });
    const notifications = body.notifications as StoredNotification[];
    expectHistory(notifications);
    expect(await storedIdSet(reference)).toEqual(notifications.map((n) => n.id).sort());

    console.info(
      `history of ${reference}: ${notifications.map((n) => `${n.ogoneStatus}:${n.outcome}`).join(' ')}`,
    );
    // Each caller was told the truth: 5 decisions, all as recorded, and 195 duplicates. Log lines
    // cross a worker thread and a pipe, so they may trail the answers by a moment.
    const told = await eventually(
      () => loggedOutcomes(reference),
      (lines) => lines.length >= sent.length,
      30_000,
    );
    expect(told).toHaveLength(sent.length);
    expect(told.filter((outcome) => outcome === 'duplicate')).toHaveLength(
      sent.length - EVENTS.length,
    );
    expect(told.filter((outcome) => outcome !== 'duplicate').sort()).toEqual(
      notifications.map((n) => n.outcome).sort(),
    );
  }, 300_000);

  it('an unregistered reference: one unmatched transaction, created once, ending paid', async () => {
    const reference = `RACE-UNM-${randomUUID().slice(0, 8)}`;

    const sent = await race(reference);
    expectAnswers(sent, reference);

    const { status, body } = await service.read(reference);
    expect(status).toBe(200);
    expect(body).toMatchObject({ state: 'paid', unmatched: true });
    const notifications = body.notifications as StoredNotification[];
    expectHistory(notifications);
    expect(await storedIdSet(reference)).toEqual(notifications.map((n) => n.id).sort());
    const anomalies = body.anomalies as { type: string }[];
    expect(anomalies.map((anomaly) => anomaly.type)).toEqual(['unmatched']);
  }, 300_000);
});
