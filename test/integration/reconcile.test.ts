import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DirectLinkClient } from '../../lib/directlink/client.js';
import {
  DirectLinkHttpError,
  DirectLinkRefusedError,
  DirectLinkTimeoutError,
} from '../../lib/directlink/errors.js';
import { DirectLinkAnswerError } from '../../lib/ogone/errors.js';
import { processNotification } from '../../lib/transactions/process-notification.js';
import { type ReconcileResult, reconcile } from '../../lib/transactions/reconcile.js';
import { registerTransaction } from '../../lib/transactions/register-transaction.js';
import { validateRegistration } from '../../lib/transactions/validate-registration.js';
import {
  type FakeAnswer,
  type FakeDirectLink,
  startFakeDirectLink,
} from '../../scripts/lib/fake-directlink.js';
import { createLocalTable, type LocalTable } from '../support/local-table.js';
import { notificationFor } from '../support/notifications.js';

/**
 * Reconciliation against DynamoDB Local and a fake DirectLink on loopback that answers as Ogone
 * does: mixed-case XML attributes, refusals, HTTP errors, garbage and slow answers.
 */
const CREDENTIALS = { pspId: 'PSPID1', userId: 'api-user', password: 'api-password-7c91e' };
const HOUR = 3_600_000;
const answers = new Map<string, FakeAnswer>();
let table: LocalTable;
let fake: FakeDirectLink;
let client: DirectLinkClient;

beforeAll(async () => {
  table = await createLocalTable('reconcile');
  fake = await startFakeDirectLink({
    credentials: CREDENTIALS,
    answer: (orderId) =>
      answers.get(orderId) ?? { ogoneError: '50001130', ncErrorPlus: 'unknown order' },
  });
  client = new DirectLinkClient({ url: fake.url, credentials: CREDENTIALS, timeoutMs: 400 });
});

afterAll(async () => {
  await fake?.stop();
});

const register = async (reference: string, ageMs: number) => {
  const input = validateRegistration({ reference, amount: '15.10', currency: 'EUR' });
  await registerTransaction(table.repository, input, new Date(Date.now() - ageMs).toISOString());
};

/** A run `laterMs` from now: what was deferred by an earlier run is due again only later. */
const run = (laterMs = 0, maxAgeMs = 72 * HOUR) =>
  reconcile(table.repository, client, {
    nowMs: Date.now() + laterMs,
    minAgeMs: HOUR / 2,
    batchSize: 50,
    concurrency: 3,
    maxAgeMs,
  });

const resultFor = (results: readonly ReconcileResult[], reference: string) =>
  results.find((result) => result.reference === reference);

describe('reconcile', () => {
  it('settles open transactions, reports each failure by class, and skips the rest', async () => {
    await register('RC-PENDING', 2 * HOUR);
    await processNotification(
      table.repository,
      notificationFor('RC-PENDING', '51', { amount: '15.1' }),
      {
        nowIso: new Date().toISOString(),
        source: 'feedback',
      },
    );
    await register('RC-CREATED', 2 * HOUR);
    await register('RC-REFUSED', 2 * HOUR);
    await register('RC-SLOW', 2 * HOUR);
    await register('RC-HTTP', 2 * HOUR);
    await register('RC-GARBAGE', 2 * HOUR);
    await register('RC-MISMATCH', 2 * HOUR);
    await register('RC-YOUNG', 60_000);
    await register('RC-PAID', 2 * HOUR);
    await processNotification(
      table.repository,
      notificationFor('RC-PAID', '9', { amount: '15.1' }),
      {
        nowIso: new Date().toISOString(),
        source: 'feedback',
      },
    );
    answers.set('RC-PENDING', { status: '9', payId: '777', amount: '15.1', currency: 'EUR' });
    answers.set('RC-CREATED', {
      status: '2',
      payId: '778',
      amount: '15.1',
      currency: 'EUR',
      ncError: '30001001',
    });
    answers.set('RC-REFUSED', { ogoneError: '50001130', ncErrorPlus: 'unknown orderid' });
    answers.set('RC-SLOW', {
      delayMs: 1500,
      answer: { status: '9', amount: '15.1', currency: 'EUR' },
    });
    answers.set('RC-HTTP', { httpStatus: 503 });
    answers.set('RC-GARBAGE', { raw: '<html>maintenance</html>' });
    answers.set('RC-MISMATCH', { status: '9', payId: '779', amount: '99', currency: 'EUR' });
    answers.set('RC-YOUNG', { status: '9', amount: '15.1', currency: 'EUR' });

    const results = await run();
    const checked = results.map((result) => result.reference).sort();
    expect(checked).toEqual(
      [
        'RC-CREATED',
        'RC-GARBAGE',
        'RC-HTTP',
        'RC-MISMATCH',
        'RC-PENDING',
        'RC-REFUSED',
        'RC-SLOW',
      ].sort(),
    );
    expect(resultFor(results, 'RC-PENDING')).toEqual({
      reference: 'RC-PENDING',
      outcome: 'applied',
      state: 'paid',
    });
    expect(resultFor(results, 'RC-CREATED')).toEqual({
      reference: 'RC-CREATED',
      outcome: 'applied',
      state: 'declined',
    });
    expect(resultFor(results, 'RC-MISMATCH')).toEqual({
      reference: 'RC-MISMATCH',
      outcome: 'amount_mismatch',
      state: 'review',
    });
    const errorOf = (reference: string) =>
      (resultFor(results, reference) as { error: unknown }).error;
    expect(errorOf('RC-REFUSED')).toBeInstanceOf(DirectLinkRefusedError);
    expect(errorOf('RC-SLOW')).toBeInstanceOf(DirectLinkTimeoutError);
    expect(errorOf('RC-HTTP')).toBeInstanceOf(DirectLinkHttpError);
    expect(errorOf('RC-GARBAGE')).toBeInstanceOf(DirectLinkAnswerError);
    for (const reference of ['RC-REFUSED', 'RC-SLOW', 'RC-HTTP', 'RC-GARBAGE']) {
      const error = errorOf(reference) as Error & { context?: unknown };
      expect(`${error.message} ${JSON.stringify(error.context)}`).not.toContain(
        CREDENTIALS.password,
      );
      expect((await table.repository.get(reference))?.state).toBe('created');
    }

    const paid = await table.repository.get('RC-PENDING');
    expect(paid?.notifications.map((n) => [n.source, n.outcome])).toEqual([
      ['feedback', 'applied'],
      ['directlink', 'applied'],
    ]);
    expect(paid?.payId).toBe('777');
    expect((await table.repository.get('RC-YOUNG'))?.state).toBe('created');
  });

  it('defers what failed, retries it once due, and no longer asks about settled ones', async () => {
    answers.set('RC-SLOW', { status: '9', payId: '780', amount: '15.1', currency: 'EUR' });
    const before = fake.queries.length;
    // Two hours old: asked again half an hour later (a quarter of its age), not before.
    expect(await run(10 * 60_000)).toEqual([]);
    expect(fake.queries.length).toBe(before);
    const results = await run(31 * 60_000);
    const asked = fake.queries
      .slice(before)
      .map((query) => query.orderId)
      .sort();
    // RC-YOUNG has meanwhile passed the minimum age; RC-PENDING, RC-CREATED, RC-MISMATCH and
    // RC-PAID were settled and left the open index.
    expect(asked).toEqual(['RC-GARBAGE', 'RC-HTTP', 'RC-REFUSED', 'RC-SLOW', 'RC-YOUNG']);
    expect(resultFor(results, 'RC-SLOW')).toEqual({
      reference: 'RC-SLOW',
      outcome: 'applied',
      state: 'paid',
    });
  });

  it('records the same DirectLink answer once, however often it is asked', async () => {
    await register('RC-STILL-PENDING', 2 * HOUR);
    answers.set('RC-STILL-PENDING', {
      status: '51',
      payId: '781',
      amount: '15.1',
      currency: 'EUR',
    });
    const first = await run();
    const second = await run(31 * 60_000);
    expect(resultFor(first, 'RC-STILL-PENDING')).toMatchObject({
      outcome: 'applied',
      state: 'pending',
    });
    expect(resultFor(second, 'RC-STILL-PENDING')).toMatchObject({
      outcome: 'duplicate',
      state: 'pending',
    });
    expect((await table.repository.get('RC-STILL-PENDING'))?.notifications).toHaveLength(1);
  });

  it('retires a transaction still open past the maximum age, with an anomaly', async () => {
    await register('RC-ABANDONED', 80 * HOUR);
    answers.set('RC-ABANDONED', { ogoneError: '50001130', ncErrorPlus: 'unknown orderid' });
    const results = await run(0, 72 * HOUR);
    expect(resultFor(results, 'RC-ABANDONED')).toMatchObject({ retired: true });
    const stored = await table.repository.get('RC-ABANDONED');
    expect(stored?.state).toBe('created');
    expect(stored?.anomalies.map((a) => a.type)).toEqual(['reconcile_expired']);
    const before = fake.queries.length;
    await run(7 * 24 * HOUR, 10_000 * HOUR);
    expect(fake.queries.slice(before).map((q) => q.orderId)).not.toContain('RC-ABANDONED');
  });

  it('is refused by Ogone with the wrong API user, and says so without the password', async () => {
    await register('RC-BAD-USER', 2 * HOUR);
    answers.set('RC-BAD-USER', { status: '9', amount: '15.1', currency: 'EUR' });
    const wrong = new DirectLinkClient({
      url: fake.url,
      credentials: { ...CREDENTIALS, password: 'not-the-password-0f3a' },
      timeoutMs: 1000,
    });
    const error = await wrong.query('RC-BAD-USER').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DirectLinkRefusedError);
    expect(String((error as Error).message)).not.toContain('not-the-password-0f3a');
    expect(fake.queries.at(-1)).toEqual({ orderId: 'RC-BAD-USER', authorized: false });
  });

  // Abandoned registrations are "unknown order" at Ogone for ever and, being the oldest, would
  // fill every oldest-first batch: a newer payment whose feedback was lost must still be reached.
  it('reaches a paid-at-Ogone transaction behind a batch of abandoned registrations', async () => {
    const own = await createLocalTable('reconcile-starve');
    const registerIn = (reference: string, ageMs: number) =>
      registerTransaction(
        own.repository,
        validateRegistration({ reference, amount: '15.10', currency: 'EUR' }),
        new Date(Date.now() - ageMs).toISOString(),
      );
    for (const n of [1, 2, 3]) await registerIn(`RC-STARVE-ABANDONED-${n}`, 48 * HOUR);
    await registerIn('RC-STARVE-LOST', 2 * HOUR);
    answers.set('RC-STARVE-LOST', { status: '9', payId: '9001', amount: '15.1', currency: 'EUR' });
    const patient = new DirectLinkClient({
      url: fake.url,
      credentials: CREDENTIALS,
      timeoutMs: 2000,
    });
    // Ten scheduled runs (2.5 h at the 15-minute schedule), batch of 3.
    for (let scheduled = 0; scheduled < 10; scheduled++) {
      await reconcile(own.repository, patient, {
        nowMs: Date.now(),
        minAgeMs: HOUR / 2,
        batchSize: 3,
        concurrency: 2,
      });
    }
    expect(fake.queries.map((query) => query.orderId)).toContain('RC-STARVE-LOST');
    expect((await own.repository.get('RC-STARVE-LOST'))?.state).toBe('paid');
    own.client.destroy();
  });
});
