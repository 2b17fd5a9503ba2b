import { describe, expect, it } from 'vitest';
import { statusEffect } from '../../../lib/ogone/status-table.js';
import { PROTOCOL_NO_CHANGE, PROTOCOL_STATE_OF_STATUS } from '../../support/protocol-statuses.js';

/** docs/protocol.md §4, row by row (one written-out copy for all suites). */
const PROTOCOL_TABLE = Object.entries(PROTOCOL_STATE_OF_STATUS);

describe('status table', () => {
  it.each(PROTOCOL_TABLE)('STATUS %s → %s', (status, state) => {
    expect(statusEffect(status)).toEqual({ kind: 'state', state });
  });

  it.each(['52', '92'])('uncertain STATUS %s is neither paid nor failed', (status) => {
    const effect = statusEffect(status);
    expect(effect).toEqual({ kind: 'state', state: 'pending' });
  });

  it.each(PROTOCOL_NO_CHANGE)('STATUS %s → no state change', (status) => {
    expect(statusEffect(status)).toEqual({ kind: 'no_change' });
  });

  it.each([
    '3',
    '10',
    '09',
    ' 9',
    '9 ',
    '',
    '+9',
    '9.0',
    '٩',
    '100',
    '97',
    'constructor',
    '__proto__',
    'toString',
    'hasOwnProperty',
  ])('STATUS %j → unknown', (status) => {
    expect(statusEffect(status)).toEqual({ kind: 'unknown' });
  });

  it('every two-digit status outside the protocol table is unknown', () => {
    const listed = new Set([...PROTOCOL_TABLE.map(([status]) => status), ...PROTOCOL_NO_CHANGE]);
    for (let code = 0; code <= 99; code++) {
      const status = String(code);
      if (!listed.has(status)) expect(statusEffect(status), status).toEqual({ kind: 'unknown' });
    }
  });
});
