import type { UpdateItemCommandInput } from '@aws-sdk/client-dynamodb';
import type { NotificationWrite, WriteGuard } from '../transactions/port.js';
import { isOpenState, STATES } from '../transactions/states.js';
import { bool, list, n, s } from './attribute-values.js';
import { ExpressionBuilder } from './expression.js';
import { historyClauses } from './history-update.js';
import { ATTR, encodeAnomaly, encodeSavedCard } from './item-codec.js';
import { DEFAULT_STORE_ACCOUNT, itemKey, openBucketOf, type StoreAccount } from './item-key.js';

/** The guard's named parts, each one clause, joined into one condition. */
const guardCondition = (
  guard: WriteGuard,
  x: ExpressionBuilder,
  historyCondition: string | undefined,
): string => {
  const parts = [
    `NOT contains(${x.name(ATTR.notificationIds)}, ${x.value(s(guard.notificationId))})`,
  ];
  if (historyCondition !== undefined) parts.push(historyCondition);
  if (guard.amount !== undefined) {
    const unmatched = `${x.name(ATTR.unmatched)} = ${x.value(bool(true))}`;
    const { amount, currency } = guard.amount;
    parts.push(
      amount === null || currency === null
        ? unmatched
        : `(${unmatched} OR (${x.name(ATTR.amount)} = ${x.value(s(amount))} AND ${x.name(ATTR.currency)} = ${x.value(s(currency))}))`,
    );
  }
  if (guard.rankBelow !== undefined) {
    parts.push(`${x.name(ATTR.rank)} < ${x.value(n(guard.rankBelow))}`);
  }
  if (guard.paidPayIdIs !== undefined) {
    const paying = x.name(ATTR.paidPayId);
    parts.push(`(attribute_not_exists(${paying}) OR ${paying} = ${x.value(s(guard.paidPayIdIs))})`);
  }
  if (guard.paidPayIdOtherThan !== undefined) {
    const paying = x.name(ATTR.paidPayId);
    parts.push(
      `(attribute_exists(${paying}) AND ${paying} <> ${x.value(s(guard.paidPayIdOtherThan))})`,
    );
  }
  const reference = x.name(ATTR.reference);
  const all = parts.join(' AND ');
  return guard.mayCreate
    ? `attribute_not_exists(${reference}) OR (${all})`
    : `attribute_exists(${reference}) AND ${all}`;
};

/**
 * One UpdateItem that records the notification and, when the decision says so, moves the state,
 * all under the guard's condition. Creation of an unmatched transaction is folded into the same
 * request with `if_not_exists`, so an unknown reference costs no extra round trip either.
 */
export const notificationUpdate = (
  tableName: string,
  write: NotificationWrite,
  account: StoreAccount = DEFAULT_STORE_ACCOUNT,
): UpdateItemCommandInput => {
  const x = new ExpressionBuilder();
  const empty = () => x.value(list([]));
  const sets: string[] = [];
  const set = (attribute: string, expression: string) =>
    sets.push(`${x.name(attribute)} = ${expression}`);
  const ifNotExists = (attribute: string, value: string) =>
    `if_not_exists(${x.name(attribute)}, ${value})`;

  const history = historyClauses(write.history, write.record, x);
  sets.push(...history.sets);
  set(ATTR.updatedAt, x.value(s(write.nowIso)));
  // Every write says whose it is, so the stream consumer and items stored before accounts
  // (which lack both) need no lookup to name the account in an event.
  set(ATTR.account, x.value(s(account.id)));
  set(ATTR.provider, x.value(s(account.provider)));
  // Placeholders are made only when used: DynamoDB rejects an unused expression value.
  const anomalies = () => x.value(list(write.anomalies.map(encodeAnomaly)));
  if (write.guard.mayCreate) {
    const { creation } = write;
    set(ATTR.createdAt, ifNotExists(ATTR.createdAt, x.value(s(write.nowIso))));
    set(ATTR.unmatched, ifNotExists(ATTR.unmatched, x.value(bool(true))));
    if (creation.amount !== null)
      set(ATTR.amount, ifNotExists(ATTR.amount, x.value(s(creation.amount))));
    if (creation.currency !== null) {
      set(ATTR.currency, ifNotExists(ATTR.currency, x.value(s(creation.currency))));
    }
    // Registered transactions start with an empty list, so only a created one gets `unmatched`.
    const created = x.value(list([encodeAnomaly(creation.anomaly)]));
    set(ATTR.anomalies, `list_append(${ifNotExists(ATTR.anomalies, created)}, ${anomalies()})`);
  } else if (write.history.kind === 'append' && write.anomalies.length > 0) {
    // A replace writes the anomaly list whole, this write's anomalies included (history-update.ts).
    set(ATTR.anomalies, `list_append(${ifNotExists(ATTR.anomalies, empty())}, ${anomalies()})`);
  }

  const removes: string[] = [];
  const { transition, hold } = write;
  if (transition !== undefined) {
    set(ATTR.state, x.value(s(transition.state)));
    // The open index lists what reconciliation must still ask Ogone about.
    if (isOpenState(transition.state)) {
      set(ATTR.openBucket, x.value(s(openBucketOf(account.id))));
      // Reconciliation's due index needs a check time too (an unmatched `pending` has none yet);
      // one set by registration or an earlier run is kept.
      set(ATTR.nextCheckAt, ifNotExists(ATTR.nextCheckAt, x.value(s(write.nowIso))));
    } else removes.push(x.name(ATTR.openBucket));
    set(ATTR.rank, x.value(n(transition.rank)));
    for (const [field, value] of Object.entries(transition.fields)) {
      if (typeof value === 'string') set(field, x.value(s(value)));
    }
    const { alias } = transition.fields;
    if (alias !== undefined) {
      // The saved card: what a merchant shows the shopper next time. Never a full number.
      set(ATTR.savedCard, x.value(encodeSavedCard({ ...transition.fields, alias })));
    }
  } else if (hold !== undefined) {
    set(ATTR.state, x.value(s(hold.state)));
    set(ATTR.rank, x.value(n(hold.rank)));
    removes.push(x.name(ATTR.openBucket));
  } else if (write.guard.mayCreate) {
    set(ATTR.state, ifNotExists(ATTR.state, x.value(s(STATES.created))));
    set(ATTR.rank, ifNotExists(ATTR.rank, x.value(n(0))));
  }

  if (write.paidPayId !== undefined) set(ATTR.paidPayId, x.value(s(write.paidPayId)));

  const condition = guardCondition(write.guard, x, history.condition);
  // Raised inside the one conditional write, never read first: DynamoDB serialises writes to an
  // item, so concurrent writers each get their own, higher version (state-change.ts).
  const adds = [...history.adds, `${x.name(ATTR.version)} ${x.value(n(1))}`];
  return {
    TableName: tableName,
    Key: { [ATTR.reference]: s(itemKey(account.id, write.reference)) },
    UpdateExpression: [
      `SET ${sets.join(', ')}`,
      removes.length > 0 ? `REMOVE ${removes.join(', ')}` : '',
      `ADD ${adds.join(', ')}`,
    ]
      .filter((clause) => clause !== '')
      .join(' '),
    ConditionExpression: condition,
    ExpressionAttributeNames: x.names,
    ExpressionAttributeValues: x.values,
    ReturnValues: 'ALL_NEW',
    ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
  };
};
