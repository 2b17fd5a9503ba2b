import type { DynamoDBRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { StreamRecordError } from '../../../lib/events/errors.js';
import {
  type ChangeKind,
  type StateChangeDetail,
  stateChangeOf,
} from '../../../lib/events/state-change.js';
import { changeOfRecord } from '../../../lib/events/stream-record.js';
import type { TransactionState } from '../../../lib/transactions/states.js';
import type {
  NotificationOutcome,
  NotificationRecord,
  Transaction,
} from '../../../lib/transactions/transaction.js';
import { transactionWith } from '../support/transactions.js';

const record = (id: string, outcome: NotificationOutcome = 'applied'): NotificationRecord => ({
  id,
  receivedAt: '2026-11-27T08:01:00.000Z',
  ogoneStatus: '9',
  payId: '3000001',
  outcome,
  source: 'feedback',
});

const stored = (
  state: TransactionState,
  notifications: readonly string[],
  overrides: Partial<Transaction> = {},
): Transaction =>
  transactionWith({
    state,
    notifications: notifications.map((id) => record(id)),
    updatedAt: `2026-11-27T08:0${notifications.length}:00.000Z`,
    ...overrides,
  });

const change = (
  kind: ChangeKind,
  before: Transaction | undefined,
  after: Transaction | undefined,
  version = 7,
) => stateChangeOf({ kind, before, after, version });

describe('which stream records are state changes', () => {
  it.each<[string, ChangeKind, Transaction | undefined, Transaction | undefined, boolean]>([
    ['a registration (INSERT created)', 'INSERT', undefined, stored('created', []), false],
    [
      'an unmatched status-only notification (INSERT created)',
      'INSERT',
      undefined,
      stored('created', ['n1'], { unmatched: true }),
      false,
    ],
    [
      'an unmatched notification created in its state (INSERT paid)',
      'INSERT',
      undefined,
      stored('paid', ['n1'], { unmatched: true }),
      true,
    ],
    ['created → pending', 'MODIFY', stored('created', []), stored('pending', ['n1']), true],
    ['pending → paid', 'MODIFY', stored('pending', ['n1']), stored('paid', ['n1', 'n2']), true],
    [
      'created → review (amount held)',
      'MODIFY',
      stored('created', []),
      stored('review', ['n1']),
      true,
    ],
    [
      'a stale notification (paid → paid)',
      'MODIFY',
      stored('paid', ['n1']),
      stored('paid', ['n1', 'n2']),
      false,
    ],
    [
      'a status-only notification',
      'MODIFY',
      stored('created', []),
      stored('created', ['n1']),
      false,
    ],
    [
      'a double payment (paid → paid)',
      'MODIFY',
      stored('paid', ['n1']),
      stored('paid', ['n1', 'n2']),
      false,
    ],
    ['a removal', 'REMOVE', stored('paid', ['n1']), undefined, false],
  ])('%s: event %s', (_, kind, before, after, isEvent) => {
    expect(change(kind, before, after) !== undefined).toBe(isEvent);
  });
});

describe('the event detail', () => {
  it('names the change, the transaction and the notification that made it', () => {
    const before = stored('pending', ['n1'], { payId: '3000001' });
    const after = stored('paid', ['n1', 'n2'], { payId: '3000002', amount: '15.1' });
    expect(change('MODIFY', before, after)).toEqual<StateChangeDetail>({
      account: 'default',
      provider: 'ogone',
      eventId: 'R-1:n2',
      reference: 'R-1',
      previousState: 'pending',
      state: 'paid',
      amount: '15.1',
      currency: 'EUR',
      payId: '3000002',
      notificationId: 'n2',
      occurredAt: '2026-11-27T08:02:00.000Z',
      unmatched: false,
      version: 7,
    });
  });

  it('says when the transaction is unmatched, in every state it reaches', () => {
    const created = stored('pending', ['n1'], { unmatched: true, reference: 'U-2' });
    const paid = stored('paid', ['n1', 'n2'], { unmatched: true, reference: 'U-2' });
    expect(change('INSERT', undefined, created, 1)).toMatchObject({ unmatched: true, version: 1 });
    expect(change('MODIFY', created, paid, 2)).toMatchObject({ unmatched: true, version: 2 });
  });

  it('has no previous state when a notification created the transaction', () => {
    const after = stored('declined', ['n1'], { unmatched: true, reference: 'U-1' });
    expect(change('INSERT', undefined, after)).toMatchObject({
      eventId: 'U-1:n1',
      previousState: null,
      state: 'declined',
      notificationId: 'n1',
    });
  });
});

describe('the version, read from the stream record', () => {
  const image = (state: string, ids: readonly string[], version?: string) => ({
    reference: { S: 'R-9' },
    state: { S: state },
    unmatched: { BOOL: false },
    updatedAt: { S: '2026-11-27T08:02:00.000Z' },
    notifications: { L: ids.map((id) => ({ M: { id: { S: id }, outcome: { S: 'applied' } } })) },
    ...(version === undefined ? {} : { version: { N: version } }),
  });
  const modify = (newVersion?: string, oldVersion?: string): DynamoDBRecord => ({
    eventName: 'MODIFY',
    dynamodb: {
      OldImage: image('pending', ['n1'], oldVersion),
      NewImage: image('paid', ['n1', 'n2'], newVersion),
    },
  });

  it('is that of the new image, not the old one', () => {
    expect(stateChangeOf(changeOfRecord(modify('12', '11')))?.version).toBe(12);
  });

  it('is 0 for a change stored before versions were written', () => {
    expect(stateChangeOf(changeOfRecord(modify()))?.version).toBe(0);
  });
});

describe('records this code refuses to guess about', () => {
  it.each<[string, ChangeKind, Transaction | undefined, Transaction | undefined]>([
    [
      'MODIFY without the old image (not NEW_AND_OLD_IMAGES)',
      'MODIFY',
      undefined,
      stored('paid', ['n1']),
    ],
    ['MODIFY without the new image', 'MODIFY', stored('created', []), undefined],
    ['INSERT without the new image', 'INSERT', undefined, undefined],
    [
      'a state change without any notification',
      'MODIFY',
      stored('created', []),
      stored('paid', []),
    ],
    [
      'a state change whose last notification is not new',
      'MODIFY',
      stored('created', ['n1']),
      stored('paid', ['n1']),
    ],
  ])('%s', (_, kind, before, after) => {
    expect(() => change(kind, before, after)).toThrow(StreamRecordError);
  });
});
