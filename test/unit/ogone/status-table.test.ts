import { describe, expect, it } from 'vitest';
import { statusEffect } from '../../../lib/ogone/status-table.js';

/** docs/protocol.md §4, row by row. */
const PROTOCOL_TABLE: readonly (readonly [string, string])[] = [
  ['0', 'invalid'],
  ['1', 'cancelled'],
  ['2', 'declined'],
  ['4', 'pending'],
  ['40', 'pending'],
  ['41', 'pending'],
  ['46', 'pending'],
  ['5', 'authorized'],
  ['50', 'pending'],
  ['51', 'pending'],
  ['55', 'pending'],
  ['59', 'pending'],
  ['99', 'pending'],
  ['52', 'pending'],
  ['92', 'pending'],
  ['56', 'pending'],
  ['57', 'declined'],
  ['6', 'voided'],
  ['64', 'voided'],
  ['61', 'void_pending'],
  ['62', 'void_pending'],
  ['7', 'voided'],
  ['74', 'voided'],
  ['75', 'voided'],
  ['71', 'void_pending'],
  ['72', 'void_pending'],
  ['8', 'refunded'],
  ['84', 'refunded'],
  ['85', 'refunded'],
  ['81', 'refund_pending'],
  ['82', 'refund_pending'],
  ['9', 'paid'],
  ['95', 'paid'],
  ['91', 'pending'],
  ['93', 'declined'],
];

describe('status table', () => {
  it.each(PROTOCOL_TABLE)('STATUS %s → %s', (status, state) => {
    expect(statusEffect(status)).toEqual({ kind: 'state', state });
  });

  it.each(['52', '92'])('uncertain STATUS %s is neither paid nor failed', (status) => {
    const effect = statusEffect(status);
    expect(effect).toEqual({ kind: 'state', state: 'pending' });
  });

  it.each(['63', '73', '83', '94', '96'])('STATUS %s → no state change', (status) => {
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
    const listed = new Set([
      ...PROTOCOL_TABLE.map(([status]) => status),
      '63',
      '73',
      '83',
      '94',
      '96',
    ]);
    for (let code = 0; code <= 99; code++) {
      const status = String(code);
      if (!listed.has(status)) expect(statusEffect(status), status).toEqual({ kind: 'unknown' });
    }
  });
});
