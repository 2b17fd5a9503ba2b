import { apiRequest } from './api-request.js';
import { type WorldlineEnvironment, worldlineApiEndpoint } from './endpoints.js';
import { WorldlineAmountError } from './errors.js';
import { decimalToMinor } from './minor-units.js';
import {
  type CreatedHostedCheckout,
  type HostedCheckoutStatus,
  readCreatedHostedCheckout,
  readHostedCheckout,
  readPayment,
  type WorldlinePayment,
} from './read-answer.js';

export type { CreatedHostedCheckout, HostedCheckoutStatus, WorldlinePayment };

/** What registration asks Worldline for: one hosted checkout for one transaction. */
export interface HostedCheckoutRequest {
  readonly reference: string;
  /** A decimal string in major units ("42.50"), as registered. */
  readonly amount: string;
  readonly currency: string;
  /** Where the shopper's browser comes back (the account's return route). */
  readonly returnUrl: string;
  /** Worldline's locale, e.g. en_GB; its default when absent. */
  readonly locale?: string;
  /**
   * Sent as X-GCS-Idempotence-Key (printable ASCII): Worldline answers a repeat of the same
   * key with the first checkout, so a create retried after a timeout makes no second one.
   */
  readonly idempotenceKey?: string;
}

/** The Payments API calls the service makes, per account. */
export interface PaymentsApi {
  createHostedCheckout(request: HostedCheckoutRequest): Promise<CreatedHostedCheckout>;
  getHostedCheckout(hostedCheckoutId: string): Promise<HostedCheckoutStatus>;
  /**
   * The payment by its full id (`payment.id`, with its operation suffix). Not used by the service
   * today: reconciliation asks the hosted checkout, whose id the transaction keeps (docs/worldline.md).
   */
  getPayment(paymentId: string): Promise<WorldlinePayment>;
}

/** One worldline account's API settings (docs/accounts.md) and its `api-secret`. */
export interface PaymentsApiOptions {
  readonly merchantId: string;
  readonly environment: WorldlineEnvironment;
  /** An endpoint used instead of the environment's (a local fake). */
  readonly endpoint?: string;
  readonly apiKeyId: string;
  readonly apiSecret: string;
  readonly timeoutMs: number;
  readonly fetch?: typeof fetch;
}

/**
 * The Payments API over fetch, signed by hand (GCS v1HMAC) rather than through Worldline's SDK:
 * the SDK added 400 KB to a bundle and 70 ms (×1.46) to a cold start, and has no request timeout
 * (docs/worldline.md, "The Payments API client", has the figures).
 */
export const createPaymentsApi = (options: PaymentsApiOptions): PaymentsApi => {
  const settings = {
    endpoint: worldlineApiEndpoint(options.environment, options.endpoint).replace(/\/+$/, ''),
    apiKeyId: options.apiKeyId,
    apiSecret: options.apiSecret,
    timeoutMs: options.timeoutMs,
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
  };
  const merchant = `/v2/${encodeURIComponent(options.merchantId)}`;
  return {
    createHostedCheckout: async (request) => {
      const amount = decimalToMinor(request.amount, request.currency);
      if (amount === undefined) {
        throw new WorldlineAmountError(
          `amount ${request.amount} is not an exact amount of ${request.currency}`,
          { context: { amount: request.amount, currency: request.currency } },
        );
      }
      const answer = await apiRequest(settings, {
        operation: 'createHostedCheckout',
        method: 'POST',
        path: `${merchant}/hostedcheckouts`,
        ...(request.idempotenceKey === undefined
          ? {}
          : { gcsHeaders: { 'X-GCS-Idempotence-Key': request.idempotenceKey } }),
        body: {
          order: {
            amountOfMoney: { amount, currencyCode: request.currency },
            references: { merchantReference: request.reference },
          },
          hostedCheckoutSpecificInput: {
            returnUrl: request.returnUrl,
            // Straight back to the shop's return route: the service shows the result.
            showResultPage: false,
            ...(request.locale === undefined ? {} : { locale: request.locale }),
          },
        },
      });
      return readCreatedHostedCheckout(answer, request.reference);
    },
    getHostedCheckout: async (hostedCheckoutId) =>
      readHostedCheckout(
        await apiRequest(settings, {
          operation: 'getHostedCheckout',
          method: 'GET',
          path: `${merchant}/hostedcheckouts/${encodeURIComponent(hostedCheckoutId)}`,
        }),
      ),
    getPayment: async (paymentId) =>
      readPayment(
        'getPayment',
        await apiRequest(settings, {
          operation: 'getPayment',
          method: 'GET',
          path: `${merchant}/payments/${encodeURIComponent(paymentId)}`,
        }),
      ),
  };
};
