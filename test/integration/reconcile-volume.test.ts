import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../lib/config.js';
import { DirectLinkRefusedError } from '../../lib/directlink/errors.js';
import { UNKNOWN_ORDER_NCERROR } from '../../lib/directlink/unknown-order.js';
import { reconcileSettings } from '../../lib/reconcile-settings.js';
import { processNotification } from '../../lib/transactions/process-notification.js';
import { reconcile } from '../../lib/transactions/reconcile.js';
import { registerTransaction } from '../../lib/transactions/register-transaction.js';
import { validateRegistration } from '../../lib/transactions/validate-registration.js';
import { createLocalTable, type LocalTable } from '../support/local-table.js';
import { notificationFor } from '../support/notifications.js';
import {
  describeReport,
  MINUTE,
  registrations,
  type SimulationLoad,
  simulate,
} from '../support/reconcile-simulation.js';

/**
 * Issue 9, point 1: three simulated days at 1,000 registrations a day, 70% abandoned, through the
 * real reconcile run, the real repository on DynamoDB Local and the handler's own settings (the
 * deployed defaults), on a simulated clock. Every payment whose feedback was lost must be asked
 * about within an hour of reaching the minimum age; the DirectLink queries per day are printed
 * (the README's "Reconciliation at volume" figures).
 */
const LOAD: SimulationLoad = {
  abandonedPerDay: 700,
  paidPerDay: 290,
  lostPerDay: 10,
  days: 3,
  minAgeMs: 30 * MINUTE,
  scheduleMs: 15 * MINUTE,
};
const START = Date.parse('2026-01-05T00:00:00.000Z');
/** What one DirectLink query costs on the simulated clock: 0.5 s each, spread over the workers. */
const QUERY_MS = 500;
/** What the scheduled function has left when the run starts (its timeout, serverless.yml). */
const FUNCTION_TIME_MS = 60_000;

let table: LocalTable;

beforeAll(async () => {
  table = await createLocalTable('reconcile-volume');
});

afterAll(() => {
  table?.client.destroy();
});

/** The deployed defaults (lib/config.ts), with the production minimum age. */
const deployedConfig = () =>
  parseConfig(
    {
      OGONE_PSPID: 'pspid',
      RESULT_URL: 'https://shop.example/result',
      TRANSACTIONS_TABLE: table.tableName,
      RECONCILE_MIN_AGE_MINUTES: String(LOAD.minAgeMs / MINUTE),
    },
    { shaOut: false, shaIn: false },
  ).reconcile;

describe('reconciliation at volume', () => {
  it('asks about every lost feedback within an hour of its minimum age, for three days', async () => {
    const config = deployedConfig();
    const timesAsked = new Map<string, number>();
    const report = await simulate(LOAD, START, (asked) => {
      let clock = 0;
      return {
        register: async (reference, nowMs) => {
          const input = validateRegistration({ reference, amount: '15.10', currency: 'EUR' });
          await registerTransaction(table.repository, input, new Date(nowMs).toISOString());
        },
        feedback: async (reference, nowMs) => {
          await processNotification(table.repository, notificationFor(reference, '9'), {
            nowIso: new Date(nowMs).toISOString(),
            source: 'feedback',
          });
        },
        run: async (nowMs) => {
          clock = nowMs;
          const settings = reconcileSettings(config, nowMs, FUNCTION_TIME_MS);
          await reconcile(
            table.repository,
            {
              source: 'directlink' as const,
              query: async (reference) => {
                asked(reference, clock);
                timesAsked.set(reference, (timesAsked.get(reference) ?? 0) + 1);
                clock += QUERY_MS / settings.concurrency;
                if (reference.startsWith('SIM-lost-')) {
                  return notificationFor(reference, '9', { id: `directlink-${reference}` });
                }
                throw new DirectLinkRefusedError('Ogone refused the status query', {
                  context: { ncError: UNKNOWN_ORDER_NCERROR, ncErrorPlus: 'unknown order' },
                });
              },
            },
            { ...settings, clock: () => clock },
          );
        },
      };
    });
    console.info(describeReport('AFTER 1,000 registrations a day, 70% abandoned', report));

    expect(report.lost).toBeGreaterThanOrEqual(LOAD.lostPerDay * LOAD.days - 1);
    expect(report.askedLost).toBe(report.lost);
    expect(report.maxFirstAskDelayH).toBeLessThanOrEqual(1);
    const lost = registrations(LOAD, START).filter((r) => r.kind === 'lost');
    for (const { reference } of lost) {
      expect((await table.repository.get(reference))?.state).toBe('paid');
    }
    // An abandoned checkout is asked about a bounded number of times over the maximum age.
    expect(Math.max(...timesAsked.values())).toBeLessThanOrEqual(12);
    // So the whole load stays below a dozen queries a day per abandoned checkout.
    const [, , steady] = report.queriesPerDay;
    expect(steady).toBeGreaterThan(0);
    expect(steady).toBeLessThanOrEqual(12 * LOAD.abandonedPerDay + LOAD.lostPerDay);
  }, 900_000);
});
