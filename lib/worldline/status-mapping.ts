import { FEEDBACK_STATES, type StatusEffect, statusEffect } from '../ogone/status-table.js';
import { EVENT_KINDS, type PaymentEvent } from './webhook-event.js';

/**
 * Worldline Direct's `statusOutput.statusCode` is the legacy Ogone STATUS, so the Ogone table
 * decides (lib/ogone/status-table.ts, one table for both providers). When the code is absent or
 * unknown, `status` stands in through the Ogone STATUS of the same meaning, so that the state
 * machine, which reads Ogone statuses, takes the event unchanged. Sources: docs/worldline.md,
 * "Status mapping".
 */
export const PAYMENT_STATUS_FALLBACK: Readonly<Record<string, string>> = {
  CREATED: '4',
  REDIRECTED: '46',
  PENDING_PAYMENT: '41',
  PENDING_COMPLETION: '4',
  AUTHORIZATION_REQUESTED: '51',
  PENDING_CAPTURE: '5',
  CAPTURE_REQUESTED: '91',
  CAPTURED: '9',
  // Worldline's older platform says PAID for CAPTURED; its SDK's own test event still does.
  PAID: '9',
  REJECTED: '2',
  REJECTED_CAPTURE: '93',
  // Cancelled by the shopper or the merchant: as "cancelled", which ranks below a payment, never
  // as "voided" (Ogone 6), which would bury a captured payment under a guess.
  CANCELLED: '1',
  REFUND_REQUESTED: '81',
  REFUNDED: '8',
};

/** A refund's own status: a refused refund leaves the payment as it is (Ogone 83). */
export const REFUND_STATUS_FALLBACK: Readonly<Record<string, string>> = {
  REFUND_REQUESTED: '81',
  REFUNDED: '8',
  REJECTED: '83',
};

export const MAPPING_SOURCES = {
  statusCode: 'status_code',
  status: 'status',
  none: 'none',
} as const;

export type MappingSource = (typeof MAPPING_SOURCES)[keyof typeof MAPPING_SOURCES];

export interface StatusMapping {
  /** The Ogone STATUS the state machine is given: statusEffect(status) is `effect`. */
  readonly status: string;
  readonly effect: StatusEffect;
  readonly source: MappingSource;
}

const REFUND_STATES: ReadonlySet<string> = new Set([
  FEEDBACK_STATES.refundPending,
  FEEDBACK_STATES.refunded,
]);

/**
 * A refund event speaks for a refund only: a code that would move the payment itself (a 9 or a
 * 2 on a refund) is not trusted, and the refund's status is asked instead.
 */
const fitsKind = (kind: PaymentEvent['kind'], effect: StatusEffect): boolean => {
  switch (effect.kind) {
    case 'unknown':
      return false;
    case 'no_change':
      return true;
    case 'state':
      return kind === EVENT_KINDS.payment || REFUND_STATES.has(effect.state);
    default: {
      const unreachable: never = effect;
      return unreachable;
    }
  }
};

const lookup = (table: Readonly<Record<string, string>>, key: string | undefined) =>
  key !== undefined && Object.hasOwn(table, key) ? table[key] : undefined;

/**
 * What an event does to its transaction, as the state machine's input. With neither field
 * usable, the status recorded joins both raw values with `/`, which no Ogone STATUS contains, so
 * the state machine files it as an unknown status rather than guessing.
 */
export const mapEventStatus = (
  event: Pick<PaymentEvent, 'kind' | 'statusCode' | 'status'>,
): StatusMapping => {
  if (event.statusCode !== undefined) {
    const effect = statusEffect(event.statusCode);
    if (fitsKind(event.kind, effect)) {
      return { status: event.statusCode, effect, source: MAPPING_SOURCES.statusCode };
    }
  }
  const table =
    event.kind === EVENT_KINDS.refund ? REFUND_STATUS_FALLBACK : PAYMENT_STATUS_FALLBACK;
  const fallback = lookup(table, event.status);
  if (fallback !== undefined) {
    return { status: fallback, effect: statusEffect(fallback), source: MAPPING_SOURCES.status };
  }
  const status = `${event.statusCode ?? ''}/${event.status ?? ''}`;
  return { status, effect: statusEffect(status), source: MAPPING_SOURCES.none };
};
