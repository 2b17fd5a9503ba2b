import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { NewTransaction } from '../transactions/port.js';
import { ORDER, STATES } from '../transactions/states.js';
import { bool, list, n, s } from './attribute-values.js';
import { ATTR, encodeRegistration } from './item-codec.js';
import { OPEN_BUCKET } from './table-schema.js';

/**
 * The item a registration stores: open (in the reconciliation index) and due from the start.
 * Test setups that seed many transactions at once write this same shape.
 */
export const registrationItem = (transaction: NewTransaction): Record<string, AttributeValue> => ({
  [ATTR.reference]: s(transaction.reference),
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
  [ATTR.openBucket]: s(OPEN_BUCKET),
  // Due from registration on; reconciliation itself waits for the minimum age.
  [ATTR.nextCheckAt]: s(transaction.nowIso),
  // The first write: every later one raises it (notification-update.ts, open-index.ts).
  [ATTR.version]: n(1),
});
