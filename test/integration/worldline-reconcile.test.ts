import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DirectLinkClient } from '../../lib/directlink/client.js';
import { DynamoDbTransactionRepository } from '../../lib/dynamodb/repository.js';
import { type ReconciledAccount, reconcileAccounts } from '../../lib/reconcile-accounts.js';
import { isUnknownOrder } from '../../lib/reconcile-settings.js';
import {
  type ReconcileResult,
  type ReconcileSettings,
  reconcile,
  type StatusQuery,
} from '../../lib/transactions/reconcile.js';
import { unknownOrderDelayMs } from '../../lib/transactions/reconcile-schedule.js';
import {
  WorldlineAnswerError,
  WorldlineNotFoundError,
  WorldlineTimeoutError,
  WorldlineUnavailableError,
} from '../../lib/worldline/errors.js';
import { worldlineStatusQuery } from '../../lib/worldline/status-query.js';
import {
  NO_PAYMENT_REASONS,
  WorldlineNoPaymentError,
} from '../../lib/worldline/unknown-checkout.js';
import { type FakeDirectLink, startFakeDirectLink } from '../../scripts/lib/fake-directlink.js';
import { type FakeWorldline, startFakeWorldline } from '../../scripts/lib/fake-worldline.js';
import { createLocalTable, type LocalTable, storedTransaction } from '../support/local-table.js';
import {
  cancelAtFake,
  dueAt,
  fakePaymentsApi,
  gatedFetch,
  HOUR,
  MINUTE,
  NL_MERCHANT,
  payAtFake,
  registerWithCheckout,
  registerWithoutCheckout,
  worldlineRepository,
} from '../support/worldline-reconcile.js';

/**
 * Reconciliation of worldline accounts through the Payments API, against DynamoDB Local and the
 * local fake of Worldline (GCS v1HMAC verified on every call), beside an ogone account asked
 * through the fake DirectLink. Each test has accounts of its own, so its due index is its own.
 */
const OGONE_USER = { pspId: 'ShopBE', userId: 'api-be', password: 'api-be-password-2b' };
const NOW = Date.now();

let table: LocalTable;
let fake: FakeWorldline;
let directLink: FakeDirectLink;
let accounts = 0;

beforeAll(async () => {
  table = await createLocalTable('worldline-reconcile');
  fake = await startFakeWorldline({ merchants: [NL_MERCHANT] });
  directLink = await startFakeDirectLink({
    credentials: OGONE_USER,
    answer: () => ({ status: '9', amount: '15.1', currency: 'EUR' }),
  });
});

afterAll(async () => {
  await fake?.stop();
  await directLink?.stop();
});

/** A worldline account no other test uses: its repository, its Payments API, its status query. */
const worldlineAccount = (options: { timeoutMs?: number; fetch?: typeof fetch } = {}) => {
  accounts += 1;
  const id = `wl-${accounts}`;
  const repository = worldlineRepository(table, id);
  const api = fakePaymentsApi(fake, options);
  return { id, repository, api, statusQuery: worldlineStatusQuery(repository, api) };
};

const ogoneAccount = (fetcher?: typeof fetch) => {
  accounts += 1;
  const id = `be-${accounts}`;
  const repository = new DynamoDbTransactionRepository(table.client, table.tableName, {
    id,
    provider: 'ogone',
  });
  const statusQuery = new DirectLinkClient({
    url: directLink.url,
    credentials: OGONE_USER,
    timeoutMs: 5000,
    ...(fetcher === undefined ? {} : { fetch: fetcher }),
  });
  const account = { id, provider: 'ogone' } as const;
  return { account, repository, statusQuery } satisfies ReconciledAccount;
};

const settings = (
  nowMs: number,
  overrides: Partial<ReconcileSettings> = {},
): ReconcileSettings => ({
  nowMs,
  minAgeMs: 30 * MINUTE,
  maxAgeMs: 72 * HOUR,
  batchSize: 50,
  concurrency: 2,
  isUnknownOrder,
  ...overrides,
});

const resultFor = (results: readonly ReconcileResult[], reference: string) => {
  const result = results.find((one) => one.reference === reference);
  if (result === undefined) throw new Error(`${reference} was not asked about`);
  return result;
};
const errorOf = (results: readonly ReconcileResult[], reference: string) => {
  const result = resultFor(results, reference);
  if (!('error' in result)) throw new Error(`${reference} did not fail`);
  return result.error as Error & { context?: Record<string, unknown> };
};

/** Nothing an error exposes (message, stack, context, JSON) quotes the api-secret. */
const expectNoSecret = (error: unknown) => {
  const exposed = [
    String(error),
    (error as Error).stack ?? '',
    JSON.stringify(error),
    JSON.stringify((error as { context?: unknown }).context ?? {}),
  ].join('\n');
  expect(exposed).not.toContain(NL_MERCHANT.apiSecret);
};

const checkoutCalls = (hostedCheckoutId: string) =>
  fake.calls.filter((call) => call.path.endsWith(`/hostedcheckouts/${hostedCheckoutId}`));

describe('reconciliation of a worldline account', () => {
  it('settles a transaction paid at Worldline, recorded as payments_api', async () => {
    const { repository, api, statusQuery } = worldlineAccount();
    const id = await registerWithCheckout(repository, api, 'WL-PAID', NOW - 2 * HOUR);
    await payAtFake(fake, id, 9);

    const results = await reconcile(repository, statusQuery, settings(NOW));

    expect(results).toEqual([{ reference: 'WL-PAID', outcome: 'applied', state: 'paid' }]);
    expect(checkoutCalls(id)).toEqual([
      { method: 'GET', path: `/v2/ShopNL/hostedcheckouts/${id}`, status: 200 },
    ]);
    const stored = await storedTransaction(repository, 'WL-PAID');
    expect(stored.state).toBe('paid');
    // PAYID's part: the payment id without its operation suffix (`_0`).
    expect(stored.payId).toBe(id);
    expect(stored.notifications.map((n) => [n.source, n.ogoneStatus, n.outcome])).toEqual([
      ['payments_api', '9', 'applied'],
    ]);
    expect(await dueAt(repository, NOW + 100 * HOUR)).toEqual([]);
  });

  it('records the same answer once, however often it is asked', async () => {
    const { repository, api, statusQuery } = worldlineAccount();
    const id = await registerWithCheckout(repository, api, 'WL-WAITING', NOW - 2 * HOUR);
    // 91, capture requested: still pending, so it is asked about again.
    await payAtFake(fake, id, 91);

    const first = await reconcile(repository, statusQuery, settings(NOW));
    // Two hours old: asked again a quarter of its age later.
    const second = await reconcile(repository, statusQuery, settings(NOW + 31 * MINUTE));

    expect(first).toEqual([{ reference: 'WL-WAITING', outcome: 'applied', state: 'pending' }]);
    expect(second).toEqual([{ reference: 'WL-WAITING', outcome: 'duplicate', state: 'pending' }]);
    expect(checkoutCalls(id)).toHaveLength(2);
    const stored = await storedTransaction(repository, 'WL-WAITING');
    expect(stored.notifications.map((n) => [n.source, n.ogoneStatus])).toEqual([
      ['payments_api', '91'],
    ]);

    // Captured meanwhile: another answer, recorded.
    await payAtFake(fake, id, 9);
    const third = await reconcile(repository, statusQuery, settings(NOW + 2 * HOUR));
    expect(third).toEqual([{ reference: 'WL-WAITING', outcome: 'applied', state: 'paid' }]);
    expect((await storedTransaction(repository, 'WL-WAITING')).notifications).toHaveLength(2);
  });

  it('defers what has no payment as an unknown order, and retires it after the maximum age', async () => {
    const { repository, api, statusQuery } = worldlineAccount();
    const createdMs = NOW - 2 * HOUR;
    const open = await registerWithCheckout(repository, api, 'WL-OPEN', createdMs);
    const cancelled = await registerWithCheckout(repository, api, 'WL-GAVE-UP', createdMs);
    await cancelAtFake(fake, cancelled);
    await registerWithoutCheckout(repository, 'WL-NO-CHECKOUT', createdMs);
    await registerWithoutCheckout(repository, 'WL-GONE', createdMs);
    // A checkout Worldline does not know (404), as one it no longer keeps would be.
    await repository.attachHostedCheckout(
      'WL-GONE',
      { id: '404404404', redirectUrl: `${fake.url}/gone`, returnMac: 'gone-returnmac' },
      new Date(createdMs).toISOString(),
    );
    const before = fake.calls.length;

    const results = await reconcile(repository, statusQuery, settings(NOW));

    expect(results.map((result) => result.reference).sort()).toEqual(
      ['WL-GAVE-UP', 'WL-GONE', 'WL-NO-CHECKOUT', 'WL-OPEN'].sort(),
    );
    expect(errorOf(results, 'WL-OPEN')).toBeInstanceOf(WorldlineNoPaymentError);
    expect(errorOf(results, 'WL-OPEN').context).toEqual({
      reason: NO_PAYMENT_REASONS.noPayment,
      reference: 'WL-OPEN',
      hostedCheckoutId: open,
      checkoutStatus: 'IN_PROGRESS',
    });
    expect(errorOf(results, 'WL-GAVE-UP').context).toMatchObject({
      reason: NO_PAYMENT_REASONS.noPayment,
      checkoutStatus: 'CANCELLED_BY_CONSUMER',
    });
    expect(errorOf(results, 'WL-NO-CHECKOUT').context).toEqual({
      reason: NO_PAYMENT_REASONS.noHostedCheckout,
      reference: 'WL-NO-CHECKOUT',
    });
    expect(errorOf(results, 'WL-GONE')).toBeInstanceOf(WorldlineNotFoundError);
    // Without a checkout there is nothing to ask: three calls for four transactions.
    expect(fake.calls.length - before).toBe(3);
    for (const result of results) {
      expectNoSecret(errorOf(results, result.reference));
      expect(JSON.stringify(errorOf(results, result.reference).context)).not.toContain('returnmac');
      expect((await storedTransaction(repository, result.reference)).state).toBe('created');
    }

    // Deferred as Ogone's unknown orders are: after their age (2 h), not a quarter of it.
    const unknownDue = NOW + unknownOrderDelayMs(2 * HOUR);
    expect(await dueAt(repository, NOW + 31 * MINUTE)).toEqual([]);
    expect((await dueAt(repository, unknownDue)).sort()).toEqual(
      ['WL-GAVE-UP', 'WL-GONE', 'WL-NO-CHECKOUT', 'WL-OPEN'].sort(),
    );

    // Past the maximum age: retired with an anomaly, and never asked again.
    const late = NOW + 80 * HOUR;
    const retired = await reconcile(repository, statusQuery, settings(late));
    expect(retired.map((result) => result.retired)).toEqual([true, true, true, true]);
    for (const reference of ['WL-OPEN', 'WL-GAVE-UP', 'WL-NO-CHECKOUT', 'WL-GONE']) {
      const stored = await storedTransaction(repository, reference);
      expect(stored.state).toBe('created');
      expect(stored.anomalies.map((anomaly) => anomaly.type)).toEqual(['reconcile_expired']);
    }
    expect((await storedTransaction(repository, 'WL-OPEN')).anomalies[0]?.detail).toBe(
      'still unknown after 82 h: WorldlineNoPaymentError',
    );
    expect(await dueAt(repository, late + 1000 * HOUR)).toEqual([]);
  });

  it('retires a payment still pending at Worldline past the maximum age, naming Worldline', async () => {
    const { repository, api, statusQuery } = worldlineAccount();
    const id = await registerWithCheckout(repository, api, 'WL-STUCK', NOW - 80 * HOUR);
    await payAtFake(fake, id, 91);

    const results = await reconcile(repository, statusQuery, settings(NOW));

    expect(results).toEqual([
      { reference: 'WL-STUCK', outcome: 'applied', state: 'pending', retired: true },
    ]);
    expect((await storedTransaction(repository, 'WL-STUCK')).anomalies[0]?.detail).toBe(
      'still pending at Worldline after 80 h',
    );
  });

  it('records no payment that names another reference than the transaction', async () => {
    const { repository, api, statusQuery } = worldlineAccount();
    const other = await registerWithCheckout(
      repository,
      api,
      'WL-MIXED-UP',
      NOW - 2 * HOUR,
      'WL-SOMEONE-ELSE',
    );
    await payAtFake(fake, other, 9);

    const results = await reconcile(repository, statusQuery, settings(NOW));

    expect(errorOf(results, 'WL-MIXED-UP')).toBeInstanceOf(WorldlineAnswerError);
    const stored = await storedTransaction(repository, 'WL-MIXED-UP');
    expect(stored.state).toBe('created');
    expect(stored.notifications).toEqual([]);
    // Not an unknown order: asked again a quarter of its age later.
    expect(await dueAt(repository, NOW + 31 * MINUTE)).toEqual(['WL-MIXED-UP']);
  });
});

describe('a failing Payments API', () => {
  it.each([
    ['a 5xx', { httpStatus: 503 }, WorldlineUnavailableError],
    ['an answer later than the timeout', { delayMs: 1500 }, WorldlineTimeoutError],
  ] as const)(
    'meets %s: deferred, and the other account still reconciled',
    async (_what, fault, Expected) => {
      const worldline = worldlineAccount({ timeoutMs: 300 });
      const ogone = ogoneAccount();
      const id = await registerWithCheckout(
        worldline.repository,
        worldline.api,
        'WL-FAULT',
        NOW - 2 * HOUR,
      );
      await payAtFake(fake, id, 9);
      await registerWithoutCheckout(ogone.repository, 'BE-BESIDE', NOW - 2 * HOUR);
      const failures: unknown[] = [];
      const watched: StatusQuery = {
        source: worldline.statusQuery.source,
        query: (reference) =>
          worldline.statusQuery.query(reference).catch((error: unknown) => {
            failures.push(error);
            throw error;
          }),
      };
      const run: ReconciledAccount[] = [
        ogone,
        {
          account: { id: worldline.id, provider: 'worldline' },
          repository: worldline.repository,
          statusQuery: watched,
        },
      ];
      fake.failNext(fault);

      const summary = await reconcileAccounts(run, settings(NOW));

      expect(summary).toEqual({ checked: 2, applied: 1, failed: 1 });
      expect(failures).toHaveLength(1);
      expect(failures[0]).toBeInstanceOf(Expected);
      expectNoSecret(failures[0]);
      expect((await storedTransaction(ogone.repository, 'BE-BESIDE')).state).toBe('paid');
      const waiting = await storedTransaction(worldline.repository, 'WL-FAULT');
      expect(waiting.state).toBe('created');
      expect(waiting.notifications).toEqual([]);
      // Deferred as a passing outage is: a quarter of its age, not as an unknown order.
      expect(await dueAt(worldline.repository, NOW + 31 * MINUTE)).toEqual(['WL-FAULT']);

      // The fault was one-shot: the next run settles it.
      const again = await reconcileAccounts(run, settings(NOW + 31 * MINUTE));
      expect(again).toEqual({ checked: 1, applied: 1, failed: 0 });
      expect((await storedTransaction(worldline.repository, 'WL-FAULT')).state).toBe('paid');
    },
  );
});

describe('a run over an ogone and a worldline account', () => {
  it('reconciles both, never more queries in flight than the run’s concurrency', async () => {
    const gate = gatedFetch(2);
    const worldline = worldlineAccount({ timeoutMs: 5000, fetch: gate.fetch });
    const ogone = ogoneAccount(gate.fetch);
    const references = [1, 2, 3].map((n) => `MIX-${n}`);
    for (const reference of references) {
      const checkout = await registerWithCheckout(
        worldline.repository,
        worldline.api,
        reference,
        NOW - 2 * HOUR,
      );
      await payAtFake(fake, checkout, 9);
      await registerWithoutCheckout(ogone.repository, reference, NOW - 2 * HOUR);
    }
    const run: ReconciledAccount[] = [
      ogone,
      {
        account: { id: worldline.id, provider: 'worldline' },
        repository: worldline.repository,
        statusQuery: worldline.statusQuery,
      },
    ];

    const summary = await reconcileAccounts(run, settings(NOW, { concurrency: 2 }));

    expect(summary).toEqual({ checked: 6, applied: 6, failed: 0 });
    // Two accounts at once, one query each: the bound is used, never passed.
    expect(gate.maxInFlight()).toBe(2);
    expect([...gate.hostsAtMax()].sort()).toEqual(['ogone', 'worldline']);
    for (const reference of references) {
      const paidHere = await storedTransaction(worldline.repository, reference);
      const paidThere = await storedTransaction(ogone.repository, reference);
      expect(paidHere.notifications.map((n) => [n.source, n.outcome])).toEqual([
        ['payments_api', 'applied'],
      ]);
      expect(paidThere.notifications.map((n) => [n.source, n.outcome])).toEqual([
        ['directlink', 'applied'],
      ]);
    }
  });
});
