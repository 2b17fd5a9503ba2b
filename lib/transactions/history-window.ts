import type { HistoryWrite } from './port.js';
import {
  type DroppableOutcome,
  type DroppedNotifications,
  type NotificationRecord,
  OUTCOMES,
  type Transaction,
} from './transaction.js';

/**
 * The stored history is bounded, so that no order of distinct notifications (repeated declines
 * on one ORDERID) can grow an item to DynamoDB's 400 KB limit. Kept for ever: the first records,
 * every record that did something (applied, or raised an anomaly: at most one per rank plus the
 * alerts), and the latest ones. Only `stale` and `no_change` records leave, counted by outcome.
 *
 * A dropped record's id leaves the item's id set with it, so a redelivery of it is no longer
 * seen as a duplicate. That is safe because its decision cannot change: amounts are fixed, ranks
 * only rise, `review` is never left and the paying PAYID is set once (a stale paying record set
 * it to its own), so it is decided `stale` or `no_change` again: recorded once more, it moves no
 * state, raises no anomaly and is never counted as applied. Ogone repeats a notification a few
 * times within hours (docs/protocol.md §2); it is recognised as a duplicate as long as fewer than
 * KEEP_LAST other notifications reached the same order in between.
 */
export const HISTORY = {
  keepFirst: 10,
  keepLast: 50,
  /**
   * Appends stop here; the next write that has seen the item trims back to ~60 records. Each
   * write costs a write unit per KB of the item, so ~20 KB at most is also a cost bound.
   */
  maxRecords: 80,
} as const;

export const NO_DROPS: DroppedNotifications = { stale: 0, no_change: 0 };

const isDroppable = (outcome: string): outcome is DroppableOutcome =>
  outcome === OUTCOMES.stale || outcome === OUTCOMES.noChange;

/**
 * How the write of `record` treats the history. `current` is the item the decision was made on,
 * undefined for a first write that has not seen it: that one may only append while there is room,
 * and a full history makes its condition fail, which returns the item for a write that trims.
 * So no write ever reads first, and a full history costs one more write only once per trim.
 */
export const historyWrite = (
  current: Transaction | undefined,
  record: NotificationRecord,
): HistoryWrite => {
  if (current === undefined) return { kind: 'append', below: HISTORY.maxRecords };
  const records = current.notifications;
  // Unbounded: writers racing near the maximum then overshoot it by at most their number, where
  // a bound would make each of them lose one more race (and, past four, answer 503).
  if (records.length < HISTORY.maxRecords) return { kind: 'append' };
  // Keep the first, and the last KEEP_LAST counting this one; in between, drop what changed nothing.
  const lastStart = records.length - (HISTORY.keepLast - 1);
  const dropped = { ...current.droppedNotifications };
  const kept = records.filter((old, index) => {
    const inMiddle = index >= HISTORY.keepFirst && index < lastStart;
    if (!inMiddle || !isDroppable(old.outcome)) return true;
    dropped[old.outcome] += 1;
    return false;
  });
  // Nothing can go (a middle made only of records that did something): append without room.
  if (kept.length === records.length) return { kind: 'append' };
  return {
    kind: 'replace',
    records: [...kept, record],
    seen: { length: records.length, dropped: current.droppedNotifications },
    dropped,
  };
};
