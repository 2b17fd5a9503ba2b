import type { HistoryWrite } from '../transactions/port.js';
import type { NotificationRecord } from '../transactions/transaction.js';
import { list, n } from './attribute-values.js';
import type { ExpressionBuilder } from './expression.js';
import {
  ATTR,
  DROPPED_ANOMALY_ATTR,
  DROPPED_ATTR,
  encodeAnomaly,
  encodeNotification,
} from './item-codec.js';

export interface HistoryClauses {
  readonly sets: readonly string[];
  readonly adds: readonly string[];
  readonly condition?: string;
}

/**
 * The history part of a notification write (history-window.ts). An append adds the record and
 * its id (the anomalies are appended by the caller); a replace, which DynamoDB cannot express as
 * removals beside an append on the same attribute, writes the kept history, its id set and the
 * kept anomalies whole, on condition that both lists are the ones it was computed from: appends
 * change their lengths, and every trim raises a count.
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
  const anomalies = x.name(ATTR.anomalies);
  // Counts never fall, so an unchanged count is an equal one, or an absent one for 0.
  const counts = [
    ...countClauses(DROPPED_ATTR, history.seen.dropped, history.dropped, x),
    ...countClauses(
      DROPPED_ANOMALY_ATTR,
      history.seen.droppedAnomalies,
      history.droppedAnomalies,
      x,
    ),
  ];
  const anomaliesSeen =
    history.seen.anomalies === 0
      ? `(attribute_not_exists(${anomalies}) OR size(${anomalies}) = ${x.value(n(0))})`
      : `size(${anomalies}) = ${x.value(n(history.seen.anomalies))}`;
  return {
    sets: [
      `${records} = ${x.value(list(history.records.map(encodeNotification)))}`,
      `${ids} = ${x.value({ SS: history.records.map((kept) => kept.id) })}`,
      `${anomalies} = ${x.value(list(history.anomalies.map(encodeAnomaly)))}`,
      ...counts.flatMap((count) => count.set),
    ],
    adds: [],
    condition: [
      `size(${records}) = ${x.value(n(history.seen.length))}`,
      anomaliesSeen,
      ...counts.map((count) => count.unchanged),
    ].join(' AND '),
  };
};

/** For each counted kind: the clause that it is unchanged, and its new value if it rose. */
const countClauses = <K extends string>(
  attributes: Readonly<Record<K, string>>,
  seen: Readonly<Record<K, number>>,
  after: Readonly<Record<K, number>>,
  x: ExpressionBuilder,
): { unchanged: string; set: string[] }[] =>
  (Object.keys(attributes) as K[]).map((kind) => {
    const name = x.name(attributes[kind]);
    return {
      unchanged:
        seen[kind] === 0 ? `attribute_not_exists(${name})` : `${name} = ${x.value(n(seen[kind]))}`,
      set: after[kind] > seen[kind] ? [`${name} = ${x.value(n(after[kind]))}`] : [],
    };
  });
