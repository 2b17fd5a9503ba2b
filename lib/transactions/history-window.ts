import type { HistoryWrite } from './port.js';
import {
  ANOMALY_TYPES,
  type Anomaly,
  type DroppableOutcome,
  type DroppedAnomalies,
  type DroppedNotifications,
  type NotificationRecord,
  OUTCOMES,
  type Transaction,
} from './transaction.js';

/**
 * The stored history and anomaly list are bounded, so that no run of distinct notifications on
 * one ORDERID (repeated declines, unknown statuses, double payments) can grow an item to
 * DynamoDB's 400 KB limit. Kept for ever: the first records, every `applied` one (ranks only
 * rise, so at most one per feedback state: 10), the first and last few of each anomaly outcome,
 * and the latest ones. The rest leave, counted by outcome; anomalies likewise, by type.
 *
 * A dropped record's id leaves the item's id set with it, so a redelivery of it is no longer
 * seen as a duplicate. That is safe because its decision cannot change (decide.ts): amounts are
 * fixed, ranks only rise, `review` is never left and the paying PAYID is set once, so a record
 * not `applied` is decided the same again: recorded once more, it moves no state and is never
 * counted as applied. An anomalous one raises its alert again, which is the price of the bound;
 * Ogone repeats a notification a few times within hours (docs/protocol.md §2), and it is still
 * recognised as a duplicate until KEEP_LAST_OF_KIND later ones of its outcome (and KEEP_LAST in
 * all) reached the same order.
 *
 * Worst case, with Ogone's field sizes (id 32, STATUS ≤ 3, PAYID ≤ 20 characters): a record is
 * ~160 bytes and its id ~33 in the id set, an anomaly ~200. After a trim at most 10 + 50 + 10 +
 * 4 × 20 = 150 records are kept; a full history where nothing can go appends one, and writers
 * racing on what they saw each add one (~60 at once, the function's reserved concurrency and the
 * reconcile workers), so ≤ ~210 records: 34 KB, ids 7 KB. Anomalies: ≤ 6 types × 20 kept, plus
 * one per record appended since the last trim (≤ 210, and reconciliation's rare one): ≤ ~330,
 * 66 KB. With the registration and payment fields (~3 KB) the item stays under ~110 KB.
 */
export const HISTORY = {
  keepFirst: 10,
  keepLast: 50,
  /** Per anomaly outcome among the records, and per type in the anomaly list. */
  keepFirstOfKind: 10,
  keepLastOfKind: 10,
  /**
   * Appends stop here; the next write that has seen the item trims back. Each write costs a
   * write unit per KB of the item, so a small item is also a cost bound.
   */
  maxRecords: 80,
} as const;

export const NO_DROPS: DroppedNotifications = {
  stale: 0,
  no_change: 0,
  amount_mismatch: 0,
  double_payment: 0,
  unknown_status: 0,
  missing_pay_id: 0,
};

export const NO_DROPPED_ANOMALIES: DroppedAnomalies = Object.fromEntries(
  Object.values(ANOMALY_TYPES).map((type) => [type, 0]),
) as Record<keyof DroppedAnomalies, number>;

/** Outcomes that changed nothing: only the first and last records overall keep them. */
const CHANGED_NOTHING: ReadonlySet<string> = new Set([OUTCOMES.stale, OUTCOMES.noChange]);

/** Indexes of the first and the last few items of each kind. */
const firstAndLastOfKind = <T>(items: readonly T[], kindOf: (item: T) => string): Set<number> => {
  const byKind = new Map<string, number[]>();
  items.forEach((item, index) => {
    const kind = kindOf(item);
    byKind.set(kind, [...(byKind.get(kind) ?? []), index]);
  });
  const kept = new Set<number>();
  for (const indexes of byKind.values()) {
    for (const index of indexes.slice(0, HISTORY.keepFirstOfKind)) kept.add(index);
    for (const index of indexes.slice(-HISTORY.keepLastOfKind)) kept.add(index);
  }
  return kept;
};

/** The records a trim keeps (this write's last), and the drop counts after it. */
export const recordWindow = (
  all: readonly NotificationRecord[],
  dropped: DroppedNotifications,
): { records: NotificationRecord[]; dropped: DroppedNotifications } => {
  const lastStart = all.length - HISTORY.keepLast;
  const ofKind = firstAndLastOfKind(all, (record) => record.outcome);
  const counts: Record<DroppableOutcome, number> = { ...dropped };
  const records = all.filter((record, index) => {
    const { outcome } = record;
    if (index < HISTORY.keepFirst || index >= lastStart || outcome === OUTCOMES.applied)
      return true;
    if (!CHANGED_NOTHING.has(outcome) && ofKind.has(index)) return true;
    counts[outcome] += 1;
    return false;
  });
  return { records, dropped: counts };
};

/** The anomalies a trim keeps: the first and the last few of each type. */
export const anomalyWindow = (
  all: readonly Anomaly[],
  dropped: DroppedAnomalies,
): { anomalies: Anomaly[]; dropped: DroppedAnomalies } => {
  const ofKind = firstAndLastOfKind(all, (anomaly) => anomaly.type);
  const counts: Record<keyof DroppedAnomalies, number> = { ...dropped };
  const anomalies = all.filter((anomaly, index) => {
    if (ofKind.has(index)) return true;
    counts[anomaly.type] += 1;
    return false;
  });
  return { anomalies, dropped: counts };
};

/**
 * How the write of `record` (raising `anomalies`) treats the history. `current` is the item the
 * decision was made on, undefined for a first write that has not seen it: that one may only
 * append while there is room, and a full history makes its condition fail, which returns the
 * item for a write that trims. So no write ever reads first, and a full history costs one more
 * write only once per trim.
 */
export const historyWrite = (
  current: Transaction | undefined,
  record: NotificationRecord,
  anomalies: readonly Anomaly[] = [],
): HistoryWrite => {
  if (current === undefined) return { kind: 'append', below: HISTORY.maxRecords };
  const stored = current.notifications;
  // Unbounded: writers racing near the maximum then overshoot it by at most their number, where
  // a bound would make each of them lose one more race (and, past four, answer 503).
  if (stored.length < HISTORY.maxRecords) return { kind: 'append' };
  const kept = recordWindow([...stored, record], current.droppedNotifications);
  const keptAnomalies = anomalyWindow(
    [...current.anomalies, ...anomalies],
    current.droppedAnomalies,
  );
  const droppedNone =
    kept.records.length === stored.length + 1 &&
    keptAnomalies.anomalies.length === current.anomalies.length + anomalies.length;
  // Nothing can go (every record and anomaly is a kept one): append without room.
  if (droppedNone) return { kind: 'append' };
  return {
    kind: 'replace',
    records: kept.records,
    seen: {
      length: stored.length,
      dropped: current.droppedNotifications,
      anomalies: current.anomalies.length,
      droppedAnomalies: current.droppedAnomalies,
    },
    dropped: kept.dropped,
    anomalies: keptAnomalies.anomalies,
    droppedAnomalies: keptAnomalies.dropped,
  };
};
