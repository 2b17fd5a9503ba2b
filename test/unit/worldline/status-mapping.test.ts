import { describe, expect, it } from 'vitest';
import { statusEffect } from '../../../lib/ogone/status-table.js';
import { mapEventStatus } from '../../../lib/worldline/status-mapping.js';
import type { PaymentEvent } from '../../../lib/worldline/webhook-event.js';
import { PROTOCOL_NO_CHANGE, PROTOCOL_STATE_OF_STATUS } from '../../support/protocol-statuses.js';

/**
 * docs/worldline.md "Status mapping", row by row, written out here rather than read from the
 * module: what each Worldline `status` means for the transaction when no usable statusCode
 * comes with it. `no_change` leaves the transaction as it is; `unknown` is recorded as such.
 */
const PAYMENT_STATUS_ROWS: [string, string][] = [
  ['CREATED', 'pending'],
  ['REDIRECTED', 'pending'],
  ['PENDING_PAYMENT', 'pending'],
  ['PENDING_COMPLETION', 'pending'],
  ['AUTHORIZATION_REQUESTED', 'pending'],
  ['PENDING_CAPTURE', 'authorized'],
  ['CAPTURE_REQUESTED', 'pending'],
  ['CAPTURED', 'paid'],
  ['PAID', 'paid'],
  ['REJECTED', 'declined'],
  ['REJECTED_CAPTURE', 'declined'],
  ['CANCELLED', 'cancelled'],
  ['REFUND_REQUESTED', 'refund_pending'],
  ['REFUNDED', 'refunded'],
  ['ACCOUNT_VERIFIED', 'unknown'],
  ['PENDING_FRAUD_APPROVAL', 'unknown'],
  ['SOMETHING_NEW', 'unknown'],
  ['constructor', 'unknown'],
];

const REFUND_STATUS_ROWS: [string, string][] = [
  ['REFUND_REQUESTED', 'refund_pending'],
  ['REFUNDED', 'refunded'],
  ['REJECTED', 'no_change'],
  ['CAPTURED', 'unknown'],
  ['CANCELLED', 'unknown'],
  ['CREATED', 'unknown'],
];

type Kind = PaymentEvent['kind'];

const outcome = (kind: Kind, statusCode: string | undefined, status: string | undefined) => {
  const mapping = mapEventStatus({ kind, statusCode, status });
  // The status handed to the state machine must mean, through the Ogone table, what was mapped.
  expect(statusEffect(mapping.status)).toEqual(mapping.effect);
  const { effect } = mapping;
  return { state: effect.kind === 'state' ? effect.state : effect.kind, source: mapping.source };
};

describe('status mapping: statusCode through the Ogone table', () => {
  it.each(Object.entries(PROTOCOL_STATE_OF_STATUS))(
    'payment event, statusCode %s → %s',
    (code, state) => {
      expect(outcome('payment', code, 'WHATEVER')).toEqual({ state, source: 'status_code' });
    },
  );

  it.each(PROTOCOL_NO_CHANGE)('payment event, statusCode %s → no change', (code) => {
    expect(outcome('payment', code, 'CAPTURED')).toEqual({
      state: 'no_change',
      source: 'status_code',
    });
  });

  it('statusCode wins over a status that says otherwise', () => {
    expect(outcome('payment', '9', 'REJECTED')).toEqual({ state: 'paid', source: 'status_code' });
    expect(outcome('payment', '2', 'CAPTURED')).toEqual({
      state: 'declined',
      source: 'status_code',
    });
  });

  it.each([
    ['81', 'refund_pending'],
    ['82', 'refund_pending'],
    ['8', 'refunded'],
    ['85', 'refunded'],
    ['83', 'no_change'],
  ])('refund event, statusCode %s → %s', (code, state) => {
    expect(outcome('refund', code, undefined)).toEqual({ state, source: 'status_code' });
  });

  it.each(['9', '5', '2', '1', '6', '91'])(
    'refund event, a payment statusCode %s is not trusted: the refund status decides',
    (code) => {
      expect(outcome('refund', code, 'REFUNDED')).toEqual({ state: 'refunded', source: 'status' });
      expect(outcome('refund', code, undefined)).toEqual({ state: 'unknown', source: 'none' });
    },
  );
});

describe('status mapping: status when statusCode is absent or unknown', () => {
  it.each(PAYMENT_STATUS_ROWS)('payment event, status %s → %s', (status, state) => {
    const source = state === 'unknown' ? 'none' : 'status';
    expect(outcome('payment', undefined, status)).toEqual({ state, source });
    expect(outcome('payment', '1000', status)).toEqual({ state, source });
  });

  it.each(REFUND_STATUS_ROWS)('refund event, status %s → %s', (status, state) => {
    const source = state === 'unknown' ? 'none' : 'status';
    expect(outcome('refund', undefined, status)).toEqual({ state, source });
  });

  it("the SDK's test event (statusCode 1000, status PAID) is a payment", () => {
    expect(outcome('payment', '1000', 'PAID')).toEqual({ state: 'paid', source: 'status' });
  });

  it('with neither usable, the recorded status is no Ogone STATUS and reads as unknown', () => {
    for (const [code, status] of [
      [undefined, undefined],
      ['1000', undefined],
      [undefined, 'NEW'],
      ['0', 'X'],
    ] as const) {
      const mapping = mapEventStatus({ kind: 'refund', statusCode: code, status });
      expect(mapping.source).toBe('none');
      expect(mapping.effect).toEqual({ kind: 'unknown' });
      expect(mapping.status).toContain('/');
    }
  });
});
