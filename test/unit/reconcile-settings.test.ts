import { describe, expect, it } from 'vitest';
import { parseConfig, type ReconcileConfig } from '../../lib/config.js';
import { DirectLinkRefusedError } from '../../lib/directlink/errors.js';
import { queryTimeoutMs } from '../../lib/reconcile-accounts.js';
import { accountRun, reconcileSettings } from '../../lib/reconcile-settings.js';
import {
  WorldlineNotFoundError,
  WorldlineRefusedError,
  WorldlineTimeoutError,
  WorldlineUnavailableError,
} from '../../lib/worldline/errors.js';
import {
  NO_PAYMENT_REASONS,
  WorldlineNoPaymentError,
} from '../../lib/worldline/unknown-checkout.js';

const CONFIG: ReconcileConfig = {
  batchSize: 2000,
  concurrency: 8,
  minAgeMinutes: 30,
  directLinkTimeoutMs: 4000,
  maxAgeHours: 72,
};

describe('reconcileSettings', () => {
  it('starts no query in the last quarter of a full run', () => {
    const settings = reconcileSettings(CONFIG, 1_000_000, 60_000);
    expect(settings.stopStartingAtMs).toBe(1_000_000 + 45_000);
    expect(settings).toMatchObject({
      batchSize: 2000,
      concurrency: 8,
      minAgeMs: 30 * 60_000,
      maxAgeMs: 72 * 3_600_000,
    });
  });

  it('keeps a DirectLink timeout and the reserve when little time is left', () => {
    expect(reconcileSettings(CONFIG, 0, 10_000).stopStartingAtMs).toBe(1_000);
    expect(reconcileSettings(CONFIG, 0, 8_000).stopStartingAtMs).toBeLessThan(0);
  });

  it('asks again less often only about orders Ogone says it does not know', () => {
    const { isUnknownOrder } = reconcileSettings(CONFIG, 0, 60_000);
    const refusal = (ncError: string) =>
      new DirectLinkRefusedError('Ogone refused the status query', {
        context: { ncError, ncErrorPlus: '' },
      });
    expect(isUnknownOrder?.(refusal('50001130'))).toBe(true);
    expect(isUnknownOrder?.(refusal('50001119'))).toBe(false);
    expect(isUnknownOrder?.(new Error('50001130'))).toBe(false);
  });

  it('takes a worldline transaction without a payment, or a checkout Worldline does not know, as unknown', () => {
    const { isUnknownOrder } = reconcileSettings(CONFIG, 0, 60_000);
    const context = { errorCode: '1002', errorId: 'e' };
    expect(
      isUnknownOrder?.(
        new WorldlineNoPaymentError(NO_PAYMENT_REASONS.noPayment, 'R1', {
          id: '1',
          status: 'IN_PROGRESS',
        }),
      ),
    ).toBe(true);
    expect(
      isUnknownOrder?.(new WorldlineNoPaymentError(NO_PAYMENT_REASONS.noHostedCheckout, 'R1')),
    ).toBe(true);
    expect(
      isUnknownOrder?.(
        new WorldlineNotFoundError('404', 404, 'UNKNOWN_HOSTED_CHECKOUT_ID', context),
      ),
    ).toBe(true);
    // A refusal of our key, an outage or a timeout is not an abandoned checkout.
    expect(
      isUnknownOrder?.(
        new WorldlineRefusedError('401', 401, 'MISSING_OR_INVALID_AUTHORIZATION', context),
      ),
    ).toBe(false);
    expect(isUnknownOrder?.(new WorldlineUnavailableError('503'))).toBe(false);
    expect(isUnknownOrder?.(new WorldlineTimeoutError('late'))).toBe(false);
  });

  it('keeps the longest query timeout of the run free before its deadline', () => {
    const accounts = (...providers: ('ogone' | 'worldline')[]) =>
      providers.map((provider, n) => ({ account: { id: `a${n}`, provider } }));
    const config = { reconcile: CONFIG, worldlineTimeoutMs: 9000 };
    expect(queryTimeoutMs(config, accounts('ogone'))).toBe(4000);
    expect(queryTimeoutMs(config, accounts('ogone', 'worldline'))).toBe(9000);
    expect(
      queryTimeoutMs({ ...config, worldlineTimeoutMs: 3000 }, accounts('ogone', 'worldline')),
    ).toBe(4000);
    expect(reconcileSettings(CONFIG, 0, 20_000, 9000).stopStartingAtMs).toBe(6_000);
    expect(reconcileSettings(CONFIG, 0, 20_000).stopStartingAtMs).toBe(11_000);
  });

  it('refuses a DirectLink timeout that would leave a 60 s run no time to start a query', () => {
    const source = {
      OGONE_PSPID: 'MyPSPID',
      OGONE_USERID: 'api-user',
      OGONE_PASSWORD: 'api-password-value',
      RESULT_URL: 'https://shop.example/payment/result',
      TRANSACTIONS_TABLE: 'ogone-transactions',
    };
    const needs = { shaOut: false, shaIn: false, apiUser: true };
    const timeoutOf = (value: string) =>
      parseConfig({ ...source, DIRECTLINK_TIMEOUT_MS: value }, needs).reconcile;
    // The largest accepted timeout still leaves time to start queries.
    expect(reconcileSettings(timeoutOf('30000'), 0, 60_000).stopStartingAtMs).toBeGreaterThan(0);
    for (const value of ['55000', '60000']) {
      expect(() => timeoutOf(value)).toThrow(/DIRECTLINK_TIMEOUT_MS must be a whole number/);
    }
  });
});

describe('accountRun', () => {
  const settings = reconcileSettings(CONFIG, 0, 60_000);

  it('keeps a single account’s settings whole', () => {
    expect(accountRun(settings, 1)).toEqual({ accountsAtOnce: 1, share: settings });
  });

  it('never has more queries in flight than the concurrency, nor fewer queries than the batch', () => {
    for (let concurrency = 1; concurrency <= 32; concurrency += 1) {
      for (let accounts = 2; accounts <= 40; accounts += 1) {
        const { accountsAtOnce, share } = accountRun({ ...settings, concurrency }, accounts);
        const at = `${accounts} accounts, concurrency ${concurrency}`;
        expect(accountsAtOnce * share.concurrency, at).toBeLessThanOrEqual(concurrency);
        expect(accountsAtOnce, at).toBeGreaterThanOrEqual(1);
        expect(share.concurrency, at).toBeGreaterThanOrEqual(1);
        // All of the concurrency is used when the accounts divide it evenly.
        if (accounts <= concurrency && concurrency % accounts === 0) {
          expect(accountsAtOnce * share.concurrency, at).toBe(concurrency);
        }
        expect(share.batchSize * accounts, at).toBeGreaterThanOrEqual(settings.batchSize);
        expect(share.stopStartingAtMs, at).toBe(settings.stopStartingAtMs);
      }
    }
  });

  it('asks about 3 accounts at once with 2 queries each at concurrency 8, 12 as 8 with one', () => {
    expect(accountRun(settings, 3)).toMatchObject({ accountsAtOnce: 3, share: { concurrency: 2 } });
    expect(accountRun(settings, 12)).toMatchObject({
      accountsAtOnce: 8,
      share: { concurrency: 1, batchSize: 167 },
    });
  });
});
