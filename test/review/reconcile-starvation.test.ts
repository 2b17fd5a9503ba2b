import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DirectLinkClient } from '../../lib/directlink/client.js';
import { reconcile } from '../../lib/transactions/reconcile.js';
import { registerTransaction } from '../../lib/transactions/register-transaction.js';
import { validateRegistration } from '../../lib/transactions/validate-registration.js';
import { type FakeDirectLink, startFakeDirectLink } from '../../scripts/lib/fake-directlink.js';
import { createLocalTable, type LocalTable } from '../support/local-table.js';

/**
 * Registrations the shopper abandoned are unknown to Ogone ("unknown order"): every run refuses
 * them, they stay `created` with `openBucket` forever, and being the oldest they fill every
 * oldest-first batch. A newer transaction whose feedback was lost is then never reconciled.
 */
const CREDENTIALS = { pspId: 'PSPID1', userId: 'api-user', password: 'api-password-review' };
const HOUR = 3_600_000;
let table: LocalTable;
let fake: FakeDirectLink;

beforeAll(async () => {
  table = await createLocalTable('review-starve');
  fake = await startFakeDirectLink({
    credentials: CREDENTIALS,
    answer: (orderId) =>
      orderId === 'RV-LOST-FEEDBACK'
        ? { status: '9', payId: '9001', amount: '15.1', currency: 'EUR' }
        : { ogoneError: '50001130', ncErrorPlus: 'unknown order' },
  });
});

afterAll(async () => {
  await fake?.stop();
});

const register = (reference: string, ageMs: number) =>
  registerTransaction(
    table.repository,
    validateRegistration({ reference, amount: '15.10', currency: 'EUR' }),
    new Date(Date.now() - ageMs).toISOString(),
  );

describe('review: reconciliation liveness', () => {
  it('reaches a paid-at-Ogone transaction behind a batch of abandoned registrations', async () => {
    for (const n of [1, 2, 3]) await register(`RV-ABANDONED-${n}`, 48 * HOUR);
    await register('RV-LOST-FEEDBACK', 2 * HOUR);
    const client = new DirectLinkClient({
      url: fake.url,
      credentials: CREDENTIALS,
      timeoutMs: 2000,
    });
    // Ten scheduled runs (2.5 h at the 15-minute schedule), batch of 3.
    for (let run = 0; run < 10; run++) {
      await reconcile(table.repository, client, {
        nowMs: Date.now(),
        minAgeMs: HOUR / 2,
        batchSize: 3,
        concurrency: 2,
      });
    }
    expect(fake.queries.map((query) => query.orderId)).toContain('RV-LOST-FEEDBACK');
    expect((await table.repository.get('RV-LOST-FEEDBACK'))?.state).toBe('paid');
  });
});
