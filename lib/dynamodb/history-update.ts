import type { HistoryWrite } from '../transactions/port.js';
import type { DroppableOutcome, NotificationRecord } from '../transactions/transaction.js';
import { list, n } from './attribute-values.js';
import type { ExpressionBuilder } from './expression.js';
import { ATTR, DROPPED_ATTR, encodeNotification } from './item-codec.js';

export interface HistoryClauses {
  readonly sets: readonly string[];
  readonly adds: readonly string[];
  readonly condition?: string;
}

/**
 * The history part of a notification write (history-window.ts). An append adds the record and
 * its id; a replace, which DynamoDB cannot express as removals beside an append on the same
 * attribute, writes the kept history and its id set whole, on condition that the stored history
 * is the one it was computed from: appends change its length, and every trim raises a count.
 */
export const historyClauses = (
  history: HistoryWrite,
  record: NotificationRecord,
  x: ExpressionBuilder,
): HistoryClauses => {
  const records = x.name(ATTR.notifications);
  const ids = x.name(ATTR.notificationIds);
  if (history.kind === 'append') {
    const empty = x.value(list([]));
    return {
      sets: [
        `${records} = list_append(if_not_exists(${records}, ${empty}), ${x.value(list([encodeNotification(record)]))})`,
      ],
      adds: [`${ids} ${x.value({ SS: [record.id] })}`],
      ...(history.below === undefined
        ? {}
        : {
            condition: `(attribute_not_exists(${records}) OR size(${records}) < ${x.value(n(history.below))})`,
          }),
    };
  }
  const outcomes = Object.keys(DROPPED_ATTR) as DroppableOutcome[];
  const unchanged = outcomes.map((outcome) => {
    const seen = history.seen.dropped[outcome];
    const name = x.name(DROPPED_ATTR[outcome]);
    return seen === 0 ? `attribute_not_exists(${name})` : `${name} = ${x.value(n(seen))}`;
  });
  return {
    sets: [
      `${records} = ${x.value(list(history.records.map(encodeNotification)))}`,
      `${ids} = ${x.value({ SS: history.records.map((kept) => kept.id) })}`,
      ...outcomes
        .filter((outcome) => history.dropped[outcome] > 0)
        .map(
          (outcome) => `${x.name(DROPPED_ATTR[outcome])} = ${x.value(n(history.dropped[outcome]))}`,
        ),
    ],
    adds: [],
    condition: [`size(${records}) = ${x.value(n(history.seen.length))}`, ...unchanged].join(
      ' AND ',
    ),
  };
};
