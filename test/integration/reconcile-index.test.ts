import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { DirectLinkRefusedError } from '../../lib/directlink/errors.js';
import { isUnknownOrder, UNKNOWN_ORDER_NCERROR } from '../../lib/directlink/unknown-order.js';
import { ATTR } from '../../lib/dynamodb/item-codec.js';
import { registrationItem } from '../../lib/dynamodb/registration-item.js';
import { processNotification } from '../../lib/transactions/process-notification.js';
import { type ReconcileSettings, reconcile } from '../../lib/transactions/reconcile.js';
import { registerTransaction } from '../../lib/transactions/register-transaction.js';
import { validateRegistration } from '../../lib/transactions/validate-registration.js';
import { createLocalTable, type LocalTable } from '../support/local-table.js';
import { notificationFor } from '../support/notifications.js';

/**
 * The due index (open-by-next-check) against DynamoDB Local: what is due and in which order, the
 * batch and time limits of a run, the "unknown order" schedule, and open transactions stored
 * before registration wrote a check time (the migration, docs/deploy.md).
 */
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const NOW = Date.parse('2026-03-02T12:00:00.000Z');
let table: LocalTable;
let asked: string[];

beforeEach(async () => {
  table = await createLocalTable('reconcile-index');
  asked = [];
});

const iso = (ms: number) => new Date(ms).toISOString();
const input = (reference: string) =>
  validateRegistration({ reference, amount: '15.10', currency: 'EUR' });
const register = (reference: string, createdMs: number) =>
  registerTransaction(table.repository, input(reference), iso(createdMs));

const unknownOrder = () =>
  new DirectLinkRefusedError('Ogone refused the status query', {
    context: { ncError: UNKNOWN_ORDER_NCERROR, ncErrorPlus: 'unknown order' },
  });

/** Ogone as these tests need it: references starting PAID- are paid, the rest unknown. */
const ogone = {
  source: 'directlink' as const,
  query: async (reference: string) => {
    asked.push(reference);
    if (reference.startsWith('PAID-')) return notificationFor(reference, '9');
    throw unknownOrder();
  },
};

const run = (nowMs: number, overrides: Partial<ReconcileSettings> = {}) =>
  reconcile(table.repository, ogone, {
    nowMs,
    minAgeMs: 30 * MINUTE,
    batchSize: 100,
    concurrency: 4,
    isUnknownOrder,
    ...overrides,
  });

const dueAt = async (nowMs: number) =>
  (await table.repository.findDue(iso(nowMs), 100)).entries.map((entry) => entry.reference);

describe('the due index', () => {
  it('lists a registration from its registration on, and asks only once it has the minimum age', async () => {
    await register('PAID-YOUNG', NOW - 10 * MINUTE);
    expect(await dueAt(NOW)).toEqual(['PAID-YOUNG']);
    expect(await run(NOW)).toEqual([]);
    expect(asked).toEqual([]);
    // Moved to the moment it reaches the minimum age, and asked then.
    expect(await dueAt(NOW + 19 * MINUTE)).toEqual([]);
    expect(await dueAt(NOW + 20 * MINUTE)).toEqual(['PAID-YOUNG']);
    await run(NOW + 20 * MINUTE);
    expect(asked).toEqual(['PAID-YOUNG']);
    expect((await table.repository.get('PAID-YOUNG'))?.state).toBe('paid');
  });

  it('asks the most overdue first, and no more than the batch', async () => {
    for (const [reference, hours] of [
      ['UNKNOWN-2H', 2],
      ['UNKNOWN-5H', 5],
      ['UNKNOWN-3H', 3],
      ['UNKNOWN-9H', 9],
    ] as const) {
      await register(reference, NOW - hours * HOUR);
    }
    await run(NOW, { batchSize: 3, concurrency: 1 });
    expect(asked).toEqual(['UNKNOWN-9H', 'UNKNOWN-5H', 'UNKNOWN-3H']);
    asked = [];
    await run(NOW, { batchSize: 2, concurrency: 4 });
    expect(asked).toEqual(['UNKNOWN-2H']);
  });

  it('starts no query once the time is up; what is left is asked on the next run', async () => {
    for (let i = 0; i < 6; i++) await register(`UNKNOWN-${i}`, NOW - (i + 1) * HOUR);
    let clock = NOW;
    const timed = {
      source: 'directlink' as const,
      query: async (reference: string) => {
        clock += 1000;
        return ogone.query(reference);
      },
    };
    await reconcile(table.repository, timed, {
      nowMs: NOW,
      minAgeMs: 30 * MINUTE,
      batchSize: 100,
      concurrency: 1,
      stopStartingAtMs: NOW + 3_500,
      clock: () => clock,
    });
    expect(asked).toEqual(['UNKNOWN-5', 'UNKNOWN-4', 'UNKNOWN-3', 'UNKNOWN-2']);
    await run(NOW + MINUTE);
    expect(asked.slice(4).sort()).toEqual(['UNKNOWN-0', 'UNKNOWN-1']);
  });

  it('asks about an unknown order again after its age, anything else after a quarter of it', async () => {
    await register('UNKNOWN-ORDER', NOW - 2 * HOUR);
    await register('OTHER-REFUSAL', NOW - 2 * HOUR);
    const refusing = {
      source: 'directlink' as const,
      query: async (reference: string) => {
        if (reference === 'UNKNOWN-ORDER') throw unknownOrder();
        throw new DirectLinkRefusedError('Ogone refused the status query', {
          context: { ncError: '50001119', ncErrorPlus: 'Password is wrong or disabled' },
        });
      },
    };
    await reconcile(table.repository, refusing, {
      nowMs: NOW,
      minAgeMs: 30 * MINUTE,
      batchSize: 10,
      concurrency: 2,
      isUnknownOrder,
    });
    expect(await dueAt(NOW + 30 * MINUTE)).toEqual(['OTHER-REFUSAL']);
    expect(await dueAt(NOW + 2 * HOUR)).toEqual(['OTHER-REFUSAL', 'UNKNOWN-ORDER']);
  });

  it('lists an unmatched pending transaction, which has no registration', async () => {
    await processNotification(table.repository, notificationFor('UNMATCHED-51', '51'), {
      nowIso: iso(NOW - HOUR),
      source: 'feedback',
    });
    expect(await dueAt(NOW)).toEqual(['UNMATCHED-51']);
  });

  it('schedules and settles an open transaction stored before registration wrote a check time', async () => {
    const { [ATTR.nextCheckAt]: _none, ...legacy } = registrationItem({
      ...input('PAID-LEGACY'),
      nowIso: iso(NOW - 3 * HOUR),
    });
    await table.client.send(new PutItemCommand({ TableName: table.tableName, Item: legacy }));
    expect(await dueAt(NOW)).toEqual([]);
    expect(await table.repository.scheduleUnscheduled()).toBe(1);
    expect(await dueAt(NOW)).toEqual(['PAID-LEGACY']);
    // A run does the same on its own, and settles it; nothing is scheduled twice.
    await table.client.send(
      new PutItemCommand({
        TableName: table.tableName,
        Item: { ...legacy, [ATTR.reference]: { S: 'PAID-LEGACY-2' } },
      }),
    );
    await run(NOW);
    expect(asked.sort()).toEqual(['PAID-LEGACY', 'PAID-LEGACY-2']);
    expect((await table.repository.get('PAID-LEGACY-2'))?.state).toBe('paid');
    expect(await table.repository.scheduleUnscheduled()).toBe(0);
  });
});
