import { createHmac, randomUUID } from 'node:crypto';
import { WEBHOOK_HEADERS } from '../../../lib/worldline/errors.js';

/** The payment as Worldline's API and events carry it (the fake's paymentBody). */
export interface EventPayment {
  readonly id: string;
  readonly status: string;
  readonly [field: string]: unknown;
}

/** One webhook, as the bytes Worldline posts and the headers that sign exactly those bytes. */
export interface SignedWebhook {
  /** `payment.captured`, …: what the event says happened. */
  readonly type: string;
  readonly body: Buffer;
  readonly headers: Readonly<Record<string, string>>;
}

/**
 * Worldline names a payment event after the status the payment reached: `payment.captured` for
 * CAPTURED, `payment.pending_capture` for PENDING_CAPTURE, `payment.rejected` for REJECTED
 * (docs/worldline.md, "Webhooks").
 */
export const eventTypeOf = (payment: EventPayment): string =>
  `payment.${payment.status.toLowerCase()}`;

/**
 * The event Worldline posts when a payment changes: `apiVersion`, a fresh `id` (a redelivery
 * keeps it: the service's duplicate key), `created`, the `merchantId` and the whole payment
 * (`id`, `paymentOutput.amountOfMoney`, `references.merchantReference`, `status`,
 * `statusOutput.statusCode`).
 */
export const paymentEvent = (
  merchantId: string,
  payment: EventPayment,
  options: { readonly id?: string; readonly created?: Date } = {},
) => ({
  apiVersion: 'v1',
  created: (options.created ?? new Date()).toISOString(),
  id: options.id ?? randomUUID(),
  merchantId,
  type: eventTypeOf(payment),
  payment,
});

/**
 * Signs a body as Worldline does: X-GCS-Signature is the base64 HMAC-SHA256 of the exact bytes
 * posted, keyed with the webhook secret X-GCS-KeyId names.
 */
export const signWebhook = (
  event: ReturnType<typeof paymentEvent>,
  keyId: string,
  secret: string,
): SignedWebhook => {
  const body = Buffer.from(JSON.stringify(event), 'utf8');
  return {
    type: event.type,
    body,
    headers: {
      'content-type': 'application/json',
      [WEBHOOK_HEADERS.signature]: createHmac('sha256', secret).update(body).digest('base64'),
      [WEBHOOK_HEADERS.keyId]: keyId,
    },
  };
};
