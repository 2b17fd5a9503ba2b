import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { NewTransaction } from '../transactions/port.js';
import { ORDER, STATES } from '../transactions/states.js';
import { bool, list, n, s } from './attribute-values.js';
import { ATTR, encodeRegistration } from './item-codec.js';
import { DEFAULT_STORE_ACCOUNT, itemKey, openBucketOf, type StoreAccount } from './item-key.js';

/**
 * The item a registration stores: open (in the reconciliation index) and due from the start.
 * Test setups that seed many transactions at once write this same shape.
 */
export const registrationItem = (
  transaction: NewTransaction,
  account: StoreAccount = DEFAULT_STORE_ACCOUNT,
): Record<string, AttributeValue> => ({
  [ATTR.reference]: s(itemKey(account.id, transaction.reference)),
  [ATTR.account]: s(account.id),
  [ATTR.provider]: s(account.provider),
  [ATTR.state]: s(STATES.created),
  [ATTR.rank]: n(ORDER.created),
  [ATTR.amount]: s(transaction.amount),
  [ATTR.currency]: s(transaction.currency),
  [ATTR.unmatched]: bool(false),
  [ATTR.createdAt]: s(transaction.nowIso),
  [ATTR.updatedAt]: s(transaction.nowIso),
  [ATTR.notifications]: list([]),
  [ATTR.anomalies]: list([]),
  [ATTR.registration]: encodeRegistration(transaction.registration),
  [ATTR.openBucket]: s(openBucketOf(account.id)),
  // Due from registration on; reconciliation itself waits for the minimum age.
  [ATTR.nextCheckAt]: s(transaction.nowIso),
  // The first write: every later one raises it (notification-update.ts, open-index.ts).
  [ATTR.version]: n(1),
});
