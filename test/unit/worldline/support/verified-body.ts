import { createHmac } from 'node:crypto';
import {
  type EventProblem,
  WebhookBodyTooLargeError,
  WebhookEventError,
} from '../../../../lib/worldline/errors.js';
import { parseWebhookEvent } from '../../../../lib/worldline/webhook-event.js';
import {
  type VerifiedWebhookBody,
  verifyWebhookSignature,
} from '../../../../lib/worldline/webhook-signature.js';

/**
 * A body the parser accepts only after verification: signed here with a test key and passed
 * through the real verifier, so the tests take the same path a handler must.
 */
const KEYS = { 'test-key': 'test-webhook-secret' } as const;

export const verifiedBody = (body: string | Buffer): VerifiedWebhookBody => {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  const signature = createHmac('sha256', KEYS['test-key']).update(bytes).digest('base64');
  return verifyWebhookSignature(bytes, { signature, keyId: 'test-key' }, KEYS).body;
};

/** A Worldline Direct event as JSON text, with the given resource and overrides. */
export const eventJson = (fields: Record<string, unknown>): string =>
  JSON.stringify({
    apiVersion: 'v1',
    id: '34b8a607-1fce-4003-b3ae-a4d29e92b232',
    created: '2026-12-01T10:15:00.123+0100',
    merchantId: 'ShopNL',
    ...fields,
  });

export const capturedPayment = (overrides: Record<string, unknown> = {}) => ({
  id: '3136405348_1',
  paymentOutput: {
    amountOfMoney: { amount: 4250, currencyCode: 'EUR' },
    references: { merchantReference: 'ORDER-1' },
    paymentMethod: 'card',
  },
  status: 'CAPTURED',
  statusOutput: { isCancellable: false, statusCategory: 'COMPLETED', statusCode: 9 },
  ...overrides,
});

export const requestedRefund = (overrides: Record<string, unknown> = {}) => ({
  id: '3136405348_2',
  refundOutput: {
    amountOfMoney: { amount: 4250, currencyCode: 'EUR' },
    references: { merchantReference: 'ORDER-1' },
    paymentMethod: 'card',
  },
  status: 'REFUND_REQUESTED',
  statusOutput: {
    isCancellable: true,
    statusCategory: 'PENDING_CONNECT_OR_3RD_PARTY',
    statusCode: 81,
  },
  ...overrides,
});

export const parse = (body: string | Buffer) => parseWebhookEvent(verifiedBody(body));

export const problemOf = (body: string | Buffer): EventProblem | 'too_large' | 'none' => {
  try {
    parse(body);
    return 'none';
  } catch (error) {
    if (error instanceof WebhookEventError) return error.problem;
    if (error instanceof WebhookBodyTooLargeError) return 'too_large';
    throw error;
  }
};
