import { EVENT_KINDS, type PaymentEvent, type WorldlineEvent } from './webhook-event.js';

/**
 * Why a verified event of this account is answered 200 without a write: it is not about a
 * payment (`payout.*`, `token.*`, …), or about a payment that names no reference, which no
 * registration of this service can have made (docs/worldline.md, "Answers").
 */
export const IGNORED_BECAUSE = {
  notPayment: 'not_a_payment',
  noReference: 'no_reference',
} as const;

export type IgnoredBecause = (typeof IGNORED_BECAUSE)[keyof typeof IGNORED_BECAUSE];

export type WebhookTarget =
  | { readonly kind: 'payment'; readonly event: PaymentEvent; readonly reference: string }
  | { readonly kind: 'ignored'; readonly because: IgnoredBecause };

/**
 * What a verified event is for: the transaction its merchantReference names, or nothing. An
 * unregistered reference is still a target: the state machine keeps it as unmatched.
 */
export const webhookTarget = (event: WorldlineEvent): WebhookTarget => {
  if (event.kind === EVENT_KINDS.other) {
    return { kind: 'ignored', because: IGNORED_BECAUSE.notPayment };
  }
  if (event.reference === undefined) {
    return { kind: 'ignored', because: IGNORED_BECAUSE.noReference };
  }
  return { kind: 'payment', event, reference: event.reference };
};
