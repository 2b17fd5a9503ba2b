/**
 * The status table of docs/protocol.md §4, written out here rather than imported from
 * lib/ogone/status-table.ts, so that a wrong row there fails a test. One copy for every suite.
 */
export const PROTOCOL_STATE_OF_STATUS: Readonly<Record<string, string>> = {
  '0': 'invalid',
  '1': 'cancelled',
  '2': 'declined',
  '4': 'pending',
  '40': 'pending',
  '41': 'pending',
  '46': 'pending',
  '5': 'authorized',
  '50': 'pending',
  '51': 'pending',
  '55': 'pending',
  '59': 'pending',
  '99': 'pending',
  '52': 'pending',
  '92': 'pending',
  '56': 'pending',
  '57': 'declined',
  '6': 'voided',
  '64': 'voided',
  '61': 'void_pending',
  '62': 'void_pending',
  '7': 'voided',
  '74': 'voided',
  '75': 'voided',
  '71': 'void_pending',
  '72': 'void_pending',
  '8': 'refunded',
  '84': 'refunded',
  '85': 'refunded',
  '81': 'refund_pending',
  '82': 'refund_pending',
  '9': 'paid',
  '95': 'paid',
  '91': 'pending',
  '93': 'declined',
};

/** Statuses that change no state (§4): recorded, nothing else. */
export const PROTOCOL_NO_CHANGE: readonly string[] = ['63', '73', '83', '94', '96'];
