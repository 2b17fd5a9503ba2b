import { createHmac, randomUUID } from 'node:crypto';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { handler } from '../../handlers/worldline-webhook.js';
import { httpApiEvent } from './api-events.js';
import { callHandler } from './handler-calls.js';
import { WORLDLINE_ACCOUNTS, type WorldlineTestAccount } from './worldline-accounts.js';

/**
 * Worldline Direct webhooks for tests: event bodies as Worldline sends them, signed as it signs
 * them (X-GCS-Signature: base64 HMAC-SHA256 of the body bytes; X-GCS-KeyId), delivered to the
 * handler as either shape of HTTP API event.
 */
export const webhookSignature = (body: Buffer, secret: string): string =>
  createHmac('sha256', secret).update(body).digest('base64');

export interface WebhookDelivery {
  readonly body: Buffer;
  readonly headers: Readonly<Record<string, string>>;
}

/** `body` signed with `secret` under `keyId`, with the headers as the HTTP API hands them over. */
export const signedWebhook = (
  body: string | Buffer,
  keyId: string,
  secret: string,
): WebhookDelivery => {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  return {
    body: bytes,
    headers: {
      'content-type': 'application/json',
      'x-gcs-signature': webhookSignature(bytes, secret),
      'x-gcs-keyid': keyId,
    },
  };
};

/** Signed with a key of a test account: its first (current) one unless another is named. */
export const signedFor = (
  account: WorldlineTestAccount,
  body: string | Buffer,
  keyId: string = Object.keys(WORLDLINE_ACCOUNTS[account].webhookKeys)[0] as string,
): WebhookDelivery => {
  const keys: Readonly<Record<string, string>> = WORLDLINE_ACCOUNTS[account].webhookKeys;
  const secret = keys[keyId];
  if (secret === undefined) throw new Error(`${account} has no webhook key ${keyId}`);
  return signedWebhook(body, keyId, secret);
};

/** What Worldline Direct says with each status code (docs/worldline.md, "Status mapping"). */
const STATUS_OF_CODE: Readonly<Record<number, readonly [type: string, status: string]>> = {
  1: ['payment.cancelled', 'CANCELLED'],
  2: ['payment.rejected', 'REJECTED'],
  5: ['payment.pending_capture', 'PENDING_CAPTURE'],
  8: ['refund.refunded', 'REFUNDED'],
  9: ['payment.captured', 'CAPTURED'],
  46: ['payment.redirected', 'REDIRECTED'],
  51: ['payment.authorization_requested', 'AUTHORIZATION_REQUESTED'],
  81: ['refund.refund_requested', 'REFUND_REQUESTED'],
  83: ['refund.refund_rejected', 'REJECTED'],
  91: ['payment.capture_requested', 'CAPTURE_REQUESTED'],
};

export interface EventFields {
  /** The event id, Worldline's notification id: a new one each call unless given. */
  readonly id?: string;
  readonly merchantId?: string;
  /** `merchantReference`; `null` leaves it out. */
  readonly reference: string | null;
  readonly statusCode?: number;
  /** Defaults to the type and status Worldline sends with the status code. */
  readonly type?: string;
  readonly status?: string;
  /** Minor units, as Worldline sends them: 4250 EUR is 42.50. */
  readonly amount?: number;
  readonly currency?: string;
  readonly paymentId?: string;
}

/**
 * A payment.* event (refund.* when its type says so, with the refund in `refund`), as JSON text,
 * about `reference` in merchant `merchantId` (ShopNL by default).
 */
export const eventBody = (fields: EventFields): string => {
  const statusCode = fields.statusCode ?? 9;
  const [defaultType, defaultStatus] = STATUS_OF_CODE[statusCode] ?? ['payment.created', 'CREATED'];
  const type = fields.type ?? defaultType;
  const refund = type.startsWith('refund.');
  const output = {
    amountOfMoney: { amount: fields.amount ?? 4250, currencyCode: fields.currency ?? 'EUR' },
    references: fields.reference === null ? {} : { merchantReference: fields.reference },
    paymentMethod: 'card',
  };
  const resource = {
    id: fields.paymentId ?? (refund ? '3136405348_2' : '3136405348_1'),
    [refund ? 'refundOutput' : 'paymentOutput']: output,
    status: fields.status ?? defaultStatus,
    statusOutput: { isCancellable: false, statusCategory: 'COMPLETED', statusCode },
  };
  return JSON.stringify({
    apiVersion: 'v1',
    id: fields.id ?? randomUUID(),
    created: '2026-12-01T10:15:00.123+0100',
    merchantId: fields.merchantId ?? WORLDLINE_ACCOUNTS.nl.merchantId,
    type,
    [refund ? 'refund' : 'payment']: resource,
  });
};

/** Plain: serverless-offline's event. Base64: API Gateway's HTTP API, for JSON bodies too. */
export type BodyShape = 'plain' | 'base64';
export const BODY_SHAPES: readonly BodyShape[] = ['plain', 'base64'];

export const webhookPath = (account: string): string => `/payment/worldline/${account}/webhook`;

/** The HTTP API event of a webhook delivery to `account`'s route. */
export const webhookApiEvent = (
  account: string,
  delivery: WebhookDelivery,
  options: { readonly shape?: BodyShape; readonly method?: string } = {},
): APIGatewayProxyEventV2 => {
  const base64 = options.shape === 'base64';
  return httpApiEvent(options.method ?? 'POST', webhookPath(account), {
    headers: { ...delivery.headers },
    body: delivery.body.toString(base64 ? 'base64' : 'utf8'),
    isBase64Encoded: base64,
    pathParameters: { account },
  });
};

/** Delivers to the webhook handler in this process, as Lambda invokes it. */
export const deliverWebhook = (
  account: string,
  delivery: WebhookDelivery,
  options: { readonly shape?: BodyShape; readonly method?: string } = {},
): Promise<APIGatewayProxyStructuredResultV2> =>
  callHandler(handler, webhookApiEvent(account, delivery, options));
