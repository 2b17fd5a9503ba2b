import { describe, expect, it } from 'vitest';
import { parseConfig, type ReconcileConfig } from '../../lib/config.js';
import { DirectLinkRefusedError } from '../../lib/directlink/errors.js';
import { reconcileSettings } from '../../lib/reconcile-settings.js';

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
