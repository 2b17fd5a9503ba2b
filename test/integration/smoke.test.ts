import { beforeAll, describe, expect, it } from 'vitest';
import { processNotification } from '../../lib/transactions/process-notification.js';
import { registerTransaction } from '../../lib/transactions/register-transaction.js';
import { validateRegistration } from '../../lib/transactions/validate-registration.js';
import { createLocalTable, type LocalTable } from '../support/local-table.js';
import { notificationFor } from '../support/notifications.js';
import { feedbackContext, nextIso } from './fixtures.js';

let table: LocalTable;
beforeAll(async () => {
  table = await createLocalTable('smoke');
});

describe('smoke', () => {
  it('registers, applies, dedupes, marks stale', async () => {
    const input = validateRegistration({ reference: 'S1', amount: '15.10', currency: 'EUR' });
    const reg = await registerTransaction(table.repository, input, nextIso());
    expect(reg.created).toBe(true);
    const paid = notificationFor('S1', '9');
    const r1 = await processNotification(table.repository, paid, feedbackContext());
    expect(r1.outcome).toBe('applied');
    expect(r1.transaction.state).toBe('paid');
    const r2 = await processNotification(table.repository, paid, feedbackContext());
    expect(r2.outcome).toBe('duplicate');
    const pending = notificationFor('S1', '51');
    const r3 = await processNotification(table.repository, pending, feedbackContext());
    expect(r3.outcome).toBe('stale');
    expect(r3.writes).toBe(2);
    const stored = await table.repository.get('S1');
    expect(stored?.notifications.map((n) => n.outcome)).toEqual(['applied', 'stale']);
    const u = await processNotification(
      table.repository,
      notificationFor('U1', '94'),
      feedbackContext(),
    );
    expect(u.outcome).toBe('no_change');
    expect(u.createdUnmatched).toBe(true);
    expect(u.transaction.anomalies.map((a) => a.type)).toEqual(['unmatched']);
  });
});
