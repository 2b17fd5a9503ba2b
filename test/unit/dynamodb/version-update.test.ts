import type { AttributeValue, UpdateItemCommandInput } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { notificationUpdate } from '../../../lib/dynamodb/notification-update.js';
import { registrationItem } from '../../../lib/dynamodb/registration-item.js';
import { decide } from '../../../lib/transactions/decide.js';
import { planWrite } from '../../../lib/transactions/plan-write.js';
import type { Transaction } from '../../../lib/transactions/transaction.js';
import { notificationFor } from '../../support/notifications.js';
import { applyWrite } from '../support/apply-write.js';
import { transactionWith } from '../support/transactions.js';

const CONTEXT = { nowIso: '2026-11-27T09:00:00.000Z', source: 'feedback' as const };

/**
 * What one write does to `version`, read from the request itself: the value it ADDs, or
 * undefined when it does not ADD to it. Any other mention (a SET, a REMOVE) would let a write
 * lower or repeat it, so it fails the test.
 */
const versionIncrement = (input: UpdateItemCommandInput): number | undefined => {
  const expression = input.UpdateExpression ?? '';
  const name = Object.entries(input.ExpressionAttributeNames ?? {}).find(
    ([, attribute]) => attribute === 'version',
  )?.[0];
  if (name === undefined) return undefined;
  const add = new RegExp(`ADD [^]*${name} (:v\\d+)`).exec(expression);
  const mentions = expression.split(name).length - 1;
  expect(mentions, expression).toBe(1);
  const value: AttributeValue | undefined =
    add?.[1] === undefined ? undefined : input.ExpressionAttributeValues?.[add[1]];
  return value !== undefined && 'N' in value ? Number(value.N) : undefined;
};

const deliver = (current: Transaction | undefined, status: string) => {
  const notification = notificationFor('R-1', status);
  const decision = decide(current ?? transactionWith({ unmatched: true }), notification);
  if (decision.outcome === 'duplicate') throw new Error('not a new notification');
  const write = planWrite(notification, decision, current, CONTEXT);
  return { write, input: notificationUpdate('table', write) };
};

describe('the version every write raises', () => {
  it('starts at 1 with registration and rises by one with each write of created → pending → paid', () => {
    const registered = registrationItem({
      reference: 'R-1',
      amount: '15.1',
      currency: 'EUR',
      nowIso: CONTEXT.nowIso,
      registration: { operation: 'SAL', saveCard: false },
    });
    let version = Number(registered.version?.N);
    let current = transactionWith();
    const versions = [version];
    for (const status of ['51', '9', '51']) {
      const { write, input } = deliver(current, status);
      version += versionIncrement(input) ?? Number.NaN;
      versions.push(version);
      current = applyWrite(current, write);
    }
    expect(current.state).toBe('paid');
    // The stale notification last is a write too: no event, but its own version.
    expect(versions).toEqual([1, 2, 3, 4]);
  });

  it('is raised by the write that creates an unmatched transaction, from nothing to 1', () => {
    expect(versionIncrement(deliver(undefined, '9').input)).toBe(1);
  });
});
